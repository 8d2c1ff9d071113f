import { test } from "node:test";
import assert from "node:assert/strict";
import { keptImages, stepLayerIds } from "../../../src/engine/plan-image-prune.js";


const rel = (...tags: string[]) => ({ images: Object.fromEntries(tags.map((t, i) => [i ? `ctx${i}` : ".", t])) });

test("keeps the images of the newest keep releases", () => {
  assert.deepEqual([...keptImages([rel("app:5"), rel("app:4"), rel("app:2"), rel("app:1")], 2)], ["app:5", "app:4"]);
});

test("a rollback's release keeps the old image it reuses", () => {
  assert.deepEqual([...keptImages([rel("app:1"), rel("app:5"), rel("app:4")], 2)].sort(), ["app:1", "app:5"]);
});

test("every build context's image of a kept release stays", () => {
  assert.deepEqual([...keptImages([rel("app:3", "app-api:3"), rel("app:2", "app-api:2")], 1)].sort(), ["app-api:3", "app:3"]);
});

test("keep below 1 still keeps the live release", () => {
  assert.deepEqual([...keptImages([rel("app:3"), rel("app:2")], 0)], ["app:3"]);
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

test("releases that share their images (config changes, restarts) count once", () => {
  assert.deepEqual([...keptImages([rel("app:7"), rel("app:7"), rel("app:7"), rel("app:6"), rel("app:5")], 2)], ["app:7", "app:6"]);
});
