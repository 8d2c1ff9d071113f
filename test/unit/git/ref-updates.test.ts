import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRefUpdates, planRefActions, type RefUpdate } from "../../../src/git/ref-updates.js";

const Z = "0".repeat(40);
const A = "a".repeat(40);
const B = "b".repeat(40);
const up = (ref: string, newSha = B, oldSha = A): RefUpdate => ({ oldSha, newSha, ref });

test("parseRefUpdates reads one update per line and skips blanks", () => {
  assert.deepEqual(parseRefUpdates(`${A} ${B} refs/heads/master\n\n${Z} ${A} refs/tags/v1\r\n`), [
    { oldSha: A, newSha: B, ref: "refs/heads/master" },
    { oldSha: Z, newSha: A, ref: "refs/tags/v1" },
  ]);
  assert.deepEqual(parseRefUpdates(""), []);
});

test("the first master or main becomes the deploy branch", () => {
  const u = up("refs/heads/main");
  assert.deepEqual(planRefActions([u], undefined), [
    { kind: "deploy", update: u, branch: "main", firstDeployBranch: true },
  ]);
  const [feature, master] = [up("refs/heads/feature"), up("refs/heads/master")];
  assert.deepEqual(planRefActions([feature, master], undefined), [
    { kind: "skip", ref: "refs/heads/feature", deployBranch: undefined },
    { kind: "deploy", update: master, branch: "master", firstDeployBranch: true },
  ]);
});

test("with a deploy branch set, other branches and tags are skipped", () => {
  const m = up("refs/heads/master");
  assert.deepEqual(planRefActions([up("refs/heads/main"), up("refs/tags/v1"), m], "master"), [
    { kind: "skip", ref: "refs/heads/main", deployBranch: "master" },
    { kind: "skip", ref: "refs/tags/v1", deployBranch: "master" },
    { kind: "deploy", update: m, branch: "master", firstDeployBranch: false },
  ]);
  assert.deepEqual(planRefActions([up("refs/heads/dev")], "dev")[0].kind, "deploy");
});

test("only one deploy per push", () => {
  const actions = planRefActions([up("refs/heads/master"), up("refs/heads/main")], undefined);
  assert.deepEqual(
    actions.map((a) => a.kind),
    ["deploy", "skip"],
  );
  assert.deepEqual(actions[1], { kind: "skip", ref: "refs/heads/main", deployBranch: "master" });
});

test("deleting the deploy branch is refused; deleting others is skipped", () => {
  assert.deepEqual(planRefActions([up("refs/heads/master", Z)], "master"), [
    { kind: "refuse-delete", branch: "master" },
  ]);
  assert.deepEqual(planRefActions([up("refs/heads/old", Z)], "master"), [
    { kind: "skip", ref: "refs/heads/old", deployBranch: "master" },
  ]);
});

test("a tag named master is not a branch", () => {
  assert.deepEqual(planRefActions([up("refs/tags/master")], undefined), [
    { kind: "skip", ref: "refs/tags/master", deployBranch: undefined },
  ]);
});
