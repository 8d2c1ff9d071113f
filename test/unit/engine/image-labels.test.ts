import { test } from "node:test";
import assert from "node:assert/strict";
import { imageLabels, imageTag, tagRelease } from "../../../src/engine/images.js";
import { releaseFacts } from "../../../src/engine/release-images.js";
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

test("an image under two release tags counts for both; an older Slipway's image by its label", () => {
  const s = defaultSettings;
  const images: { RepoTags: string[]; Labels: Record<string, string>; Created: number }[] = [
    { RepoTags: [imageTag(s, "shop", 8), imageTag(s, "shop", 7)], Labels: {}, Created: 100 },
    { RepoTags: [`${imageTag(s, "shop", 3)}.api`], Labels: { "slipway.sha": "abc" }, Created: 50 },
    { RepoTags: ["shop-built-by-hand:1"], Labels: { "slipway.release": "2" }, Created: 10 },
    { RepoTags: ["shop-built-by-hand:2"], Labels: {}, Created: 10 },
    { RepoTags: ["<none>:<none>"], Labels: { "slipway.release": "9" }, Created: 10 },
  ];
  assert.deepEqual(
    releaseFacts(s, "shop", images).map((f) => [f.release, f.ref, f.sha]),
    [
      [2, "shop-built-by-hand:1", undefined],
      [3, `${imageTag(s, "shop", 3)}.api`, "abc"],
      [7, imageTag(s, "shop", 7), undefined],
      [8, imageTag(s, "shop", 8), undefined],
    ],
  );
});
