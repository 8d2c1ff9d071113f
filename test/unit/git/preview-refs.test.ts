import { test } from "node:test";
import assert from "node:assert/strict";
import { planPreviewRefs, requirePreviewRoom } from "../../../src/git/preview-refs.js";
import type { PreviewSettings } from "../../../src/state/previews/preview-settings.js";

const A = "a".repeat(40);
const ZERO = "0".repeat(40);
const up = (ref: string, newSha = A) => ({ oldSha: ZERO, newSha, ref });
const prefs: PreviewSettings = {
  branches: ["feature/*", "fix-*"],
  max: 5,
  public: false,
  config: {},
  previews: { "old-branch": "shop--old-branch" },
};

test("a matching branch other than the deploy branch deploys a preview; others are left to the push", () => {
  const refs = planPreviewRefs(
    [up("refs/heads/master"), up("refs/heads/feature/x"), up("refs/heads/wip"), up("refs/tags/fix-1")],
    "master",
    prefs,
  );
  assert.deepEqual(refs, [{ kind: "deploy", ref: "refs/heads/feature/x", branch: "feature/x", sha: A }]);
});

test("the deploy branch never previews; before there is one, master and main never do", () => {
  const all = { ...prefs, branches: ["*"] };
  assert.deepEqual(planPreviewRefs([up("refs/heads/prod")], "prod", all), []);
  const first = planPreviewRefs([up("refs/heads/main"), up("refs/heads/fix-2")], undefined, all);
  assert.deepEqual(
    first.map((r) => r.branch),
    ["fix-2"],
  );
});

test("deleting a branch with a preview destroys it, even if it no longer matches; others are ignored", () => {
  const refs = planPreviewRefs(
    [up("refs/heads/old-branch", ZERO), up("refs/heads/feature/y", ZERO)],
    "master",
    prefs,
  );
  assert.deepEqual(refs, [{ kind: "destroy", ref: "refs/heads/old-branch", branch: "old-branch" }]);
});

test("without preview settings nothing is a preview", () => {
  assert.deepEqual(planPreviewRefs([up("refs/heads/feature/x")], "master", undefined), []);
});

test("a push that would make more previews than the max is refused before anything deploys", () => {
  const two = { ...prefs, max: 2 };
  const refs = (...updates: ReturnType<typeof up>[]) => planPreviewRefs(updates, "master", two);
  const fits = refs(
    up("refs/heads/feature/a"),
    up("refs/heads/old-branch", ZERO),
    up("refs/heads/feature/b"),
  );
  requirePreviewRoom("shop", fits, two); // old-branch goes first, making room
  requirePreviewRoom("shop", refs(up("refs/heads/feature/a"), up("refs/heads/old-branch")), two);
  const over = refs(up("refs/heads/master"), up("refs/heads/feature/a"), up("refs/heads/feature/b"));
  assert.throws(() => requirePreviewRoom("shop", over, two), {
    code: "preview-limit",
    message: /shop already has 2 preview\(s\).*no preview of feature\/b was made/,
    hint: /previews:enable shop --max 3/,
  });
});
