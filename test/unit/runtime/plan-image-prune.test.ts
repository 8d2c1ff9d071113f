import { test } from "node:test";
import assert from "node:assert/strict";
import { planImagePrune, stepLayerIds } from "../../../src/runtime/plan-image-prune.js";

const img = (release: number) => ({ release, refs: [`slipway/app:${release}`] });

test("keeps the live release and the newest keep-1 others", () => {
  assert.deepEqual(planImagePrune([1, 2, 3, 4, 5, 6].map(img), 6, 3), ["slipway/app:1", "slipway/app:2", "slipway/app:3"]);
});

test("failed attempts leave gaps in the numbers but use up no slot", () => {
  assert.deepEqual(planImagePrune([1, 3, 7, 9].map(img), 9, 3), ["slipway/app:1"]);
});

test("after a rollback the live release stays even when newer ones exist", () => {
  assert.deepEqual(planImagePrune([1, 2, 3, 4].map(img), 1, 2), ["slipway/app:2", "slipway/app:3"]);
});

test("keep below 1 still keeps the live release", () => {
  assert.deepEqual(planImagePrune([1, 2].map(img), 2, 0), ["slipway/app:1"]);
});

test("stepLayerIds reads the committed layers, skipping FROM's base image and running containers", () => {
  const out = [
    "Step 1/4 : FROM slipway-test/busybox:1", " ---> f7b63e8b02d6",
    "Step 2/4 : RUN echo one > /one", " ---> Running in b0d8496bb5a9", "Removing intermediate container b0d8496bb5a9", " ---> 404e3fc1502b",
    "Step 3/4 : COPY . /app", " ---> Using cache", " ---> af76c7082182",
    "Step 4/4 : RUN exit 3", " ---> Running in 1ef0b8555088",
  ].join("\n");
  assert.deepEqual(stepLayerIds(out), ["404e3fc1502b", "af76c7082182"]);
});
