import { test } from "node:test";
import assert from "node:assert/strict";
import { matchesBranch, parseBranchPatterns } from "../../../../src/state/previews/branch-patterns.js";

test("--branches takes comma-separated patterns and refuses what no branch name holds", () => {
  assert.deepEqual(parseBranchPatterns("feature/*, fix-*,fix-*"), ["feature/*", "fix-*"]);
  for (const bad of ["", ",", "a b", "x;rm", "$(id)", "a'b"])
    assert.throws(() => parseBranchPatterns(bad), { code: "usage" }, bad);
});

test("* matches any run of characters; the rest matches exactly", () => {
  const patterns = ["feature/*", "fix-*"];
  assert.ok(matchesBranch(patterns, "feature/login"));
  assert.ok(matchesBranch(patterns, "feature/a/b"));
  assert.ok(matchesBranch(patterns, "fix-1"));
  assert.ok(!matchesBranch(patterns, "features/x"));
  assert.ok(!matchesBranch(patterns, "hotfix-1"));
  assert.ok(!matchesBranch(["a.b"], "axb"));
  assert.ok(matchesBranch(["*"], "Feature/ÜBER_thing"));
});
