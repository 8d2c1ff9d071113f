import { test } from "node:test";
import assert from "node:assert/strict";
import { imageLabels, imageTag, tagRelease } from "../../../src/engine/images.js";
import { defaultSettings } from "../../../src/state/settings.js";

test("a release's images carry only the app's label: each label is a build step of its own", () => {
  const settings = { ...defaultSettings, labels: { "slipway.test-run": "t1" } };
  // On the classic builder every label is a step with a container; the release is in the tag.
  assert.deepEqual(imageLabels(settings, "shop"), { "slipway.test-run": "t1", "slipway.app": "shop" });
});

test("the release is read back from the app's own tags, with or without a build context", () => {
  const tag = imageTag(defaultSettings, "shop", 7);
  assert.equal(tagRelease(defaultSettings, "shop", tag), 7);
  assert.equal(tagRelease(defaultSettings, "shop", `${tag}.api`), 7);
  assert.equal(tagRelease(defaultSettings, "shop", `${tag}.store-db`), 7);
  // Another app whose name starts the same, and tags that are not a release's.
  assert.equal(tagRelease(defaultSettings, "sho", tag), undefined);
  assert.equal(tagRelease(defaultSettings, "shop", imageTag(defaultSettings, "shop-api", 7)), undefined);
  assert.equal(tagRelease(defaultSettings, "shop", `${defaultSettings.namePrefix}/shop:latest`), undefined);
  assert.equal(tagRelease(defaultSettings, "shop", `${defaultSettings.namePrefix}/shop:07`), undefined);
});
