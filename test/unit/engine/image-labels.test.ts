import { test } from "node:test";
import assert from "node:assert/strict";
import { imageLabels } from "../../../src/engine/images.js";
import { defaultSettings } from "../../../src/state/settings.js";

test("a release's images carry the app and release, and no label that changes on every push besides", () => {
  const settings = { ...defaultSettings, labels: { "slipway.test-run": "t1" } };
  // Each label is a build step (with a container) on the classic builder: the commit lives in the release record.
  assert.deepEqual(imageLabels(settings, "shop", 7), {
    "slipway.test-run": "t1",
    "slipway.app": "shop",
    "slipway.release": "7",
  });
});
