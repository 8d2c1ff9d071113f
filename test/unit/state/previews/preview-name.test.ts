import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAppName } from "../../../../src/state/app-name.js";
import { branchLabel, planPreviewName, previewHost } from "../../../../src/state/previews/preview-name.js";

const none = new Map<string, string | undefined>();

test("a branch becomes a DNS label: accents dropped, lowercase, runs of other characters one dash", () => {
  assert.equal(branchLabel("Feature/ÜBER_thing"), "feature-uber-thing");
  assert.equal(branchLabel("fix-42"), "fix-42");
  assert.equal(branchLabel("--a//b..c--"), "a-b-c");
  assert.equal(branchLabel("日本"), "");
});

test("a preview is APP--LABEL, a valid app name, served at LABEL.APP.DOMAIN", () => {
  const name = planPreviewName("shop", "Feature/ÜBER_thing", none);
  assert.equal(name, "shop--feature-uber-thing");
  assert.equal(parseAppName(name), name);
  assert.equal(previewHost("example.org", "shop", name), "feature-uber-thing.shop.example.org");
});

test("a label another branch or app holds gets a hash of the branch; its own branch keeps it", () => {
  const owners = new Map<string, string | undefined>([
    ["shop--feature-x", "feature-x"],
    ["shop--admin", undefined],
  ]);
  assert.equal(planPreviewName("shop", "feature-x", owners), "shop--feature-x");
  const other = planPreviewName("shop", "feature/x", owners);
  assert.match(other, /^shop--feature-x-[0-9a-f]{6}$/);
  assert.notEqual(other, planPreviewName("shop", "Feature/X", owners));
  assert.match(planPreviewName("shop", "admin", owners), /^shop--admin-[0-9a-f]{6}$/);
});

test("a long or empty label is cut to the app-name limit and made unique with a hash", () => {
  const long = planPreviewName("shop", `feature/${"x".repeat(80)}`, none);
  assert.equal(long.length, 63);
  assert.equal(parseAppName(long), long);
  assert.notEqual(long, planPreviewName("shop", `feature/${"x".repeat(81)}`, none));
  const empty = planPreviewName("shop", "日本", none);
  assert.match(empty, /^shop--[0-9a-f]{6}$/);
  assert.equal(parseAppName(empty), empty);
});
