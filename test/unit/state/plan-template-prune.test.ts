import { test } from "node:test";
import assert from "node:assert/strict";
import { staleTemplateFiles } from "../../../src/state/plan-template-prune.js";

const h = (n: number) => n.toString(16).padStart(16, "0");
const doc = (n: number) => `${h(n)}.yml`;

test("keeps the documents of the newest keep templates and deletes the older ones", () => {
  const files = [1, 2, 3, 4, 5].map(doc);
  assert.deepEqual(staleTemplateFiles(files, [h(5), h(4), h(3), h(2), h(1)], h(5), 2), [
    doc(1),
    doc(2),
    doc(3),
  ]);
});

test("releases that share a template (config changes, restarts) use one slot", () => {
  const files = [1, 2, 3].map(doc);
  assert.deepEqual(staleTemplateFiles(files, [h(3), h(3), h(3), h(2), h(1)], h(3), 2), [doc(1)]);
});

test("the live release's document stays however old its template is, as after a rollback", () => {
  const files = [1, 2, 3, 4].map(doc);
  assert.deepEqual(staleTemplateFiles(files, [h(4), h(3), h(2), h(1)], h(1), 2), [doc(2)]);
  assert.deepEqual(
    staleTemplateFiles([doc(1), doc(2)], [h(2), h(1)], h(2), 0),
    [doc(1)],
    "keep below 1 still keeps the live one",
  );
});

test("a document a kept release refers to stays even if it is not stored yet, and git-push releases (no document) take their slot", () => {
  assert.deepEqual(staleTemplateFiles([doc(1)], [h(9), h(8), h(1)], h(9), 2), [doc(1)]);
  assert.deepEqual(staleTemplateFiles([doc(1)], [h(9), h(1)], h(9), 2), []);
});

test("pending.yml goes once a release is live; files that are not documents are left alone", () => {
  const files = ["pending.yml", `.${doc(1)}.123.456.tmp`, "notes.txt", "ABCDEF0123456789.yml", doc(1)];
  assert.deepEqual(staleTemplateFiles(files, [h(1)], h(1), 5), ["pending.yml"]);
});
