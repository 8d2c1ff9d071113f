import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBuildText, readBuildEvent } from "../../../src/builders/progress.js";

test("errors win, preferring errorDetail.message", () => {
  assert.deepEqual(
    readBuildEvent({ error: "short", errorDetail: { message: "RUN failed: exit 1" }, stream: "x" }),
    { error: "RUN failed: exit 1" },
  );
  assert.deepEqual(readBuildEvent({ error: "short", errorDetail: {} }), { error: "short" });
  assert.deepEqual(readBuildEvent({ errorDetail: {} }), { error: "unknown build error" });
});

test("aux carries the image id; stream and status are text", () => {
  assert.deepEqual(readBuildEvent({ aux: { ID: "sha256:abc" } }), { imageId: "sha256:abc" });
  assert.deepEqual(readBuildEvent({ stream: "Step 1/2 : FROM node\n" }), { text: "Step 1/2 : FROM node\n" });
  assert.deepEqual(readBuildEvent({ status: "Pulling fs layer" }), { text: "Pulling fs layer\n" });
  assert.deepEqual(readBuildEvent({ aux: {} }), {});
  assert.deepEqual(readBuildEvent({}), {});
});

test("formatBuildText marks steps and indents the rest, dropping blank lines", () => {
  assert.equal(
    formatBuildText("Step 1/2 : FROM node:20\n ---> abc\n\n  \nStep 2/2 : RUN npm ci\nadded 3 packages"),
    "-----> Step 1/2 : FROM node:20\n        ---> abc\n-----> Step 2/2 : RUN npm ci\n       added 3 packages\n",
  );
  assert.equal(formatBuildText("  Step 1/2 : not at line start"), "         Step 1/2 : not at line start\n");
  assert.equal(formatBuildText("\n\n"), "");
});
