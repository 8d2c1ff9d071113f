import { test } from "node:test";
import assert from "node:assert/strict";
import { buildStepImages, keptImages } from "../../../src/engine/plan-image-prune.js";

const rel = (...tags: string[]) => ({
  images: Object.fromEntries(tags.map((t, i) => [i ? `ctx${i}` : ".", t])),
});

test("keeps the images of the newest keep releases", () => {
  assert.deepEqual(
    [...keptImages([rel("app:5"), rel("app:4"), rel("app:2"), rel("app:1")], 2)],
    ["app:5", "app:4"],
  );
});

test("a rollback's release keeps the old image it reuses", () => {
  assert.deepEqual([...keptImages([rel("app:1"), rel("app:5"), rel("app:4")], 2)].sort(), ["app:1", "app:5"]);
});

test("every build context's image of a kept release stays", () => {
  assert.deepEqual([...keptImages([rel("app:3", "app-api:3"), rel("app:2", "app-api:2")], 1)].sort(), [
    "app-api:3",
    "app:3",
  ]);
});

test("keep below 1 still keeps the live release", () => {
  assert.deepEqual([...keptImages([rel("app:3"), rel("app:2")], 0)], ["app:3"]);
});

test("releases that share their images (config changes, restarts) count once", () => {
  assert.deepEqual(
    [...keptImages([rel("app:7"), rel("app:7"), rel("app:7"), rel("app:6"), rel("app:5")], 2)],
    ["app:7", "app:6"],
  );
});

test("buildStepImages takes the images of containers that joined the build network, nothing else", () => {
  const sha = (c: string) => `sha256:${c.repeat(64)}`;
  const lines = [
    { Type: "container", Action: "create", Actor: { ID: "c1", Attributes: { image: sha("a") } } },
    {
      Type: "network",
      Action: "connect",
      Actor: { ID: "n1", Attributes: { container: "c1", name: "slipway-build" } },
    },
    { Type: "container", Action: "create", Actor: { ID: "c2", Attributes: { image: sha("b") } } },
    {
      Type: "network",
      Action: "connect",
      Actor: { ID: "n2", Attributes: { container: "c2", name: "slipway-shop" } },
    },
    { Type: "container", Action: "create", Actor: { ID: "c3", Attributes: { image: "busybox:1" } } },
    {
      Type: "network",
      Action: "connect",
      Actor: { ID: "n1", Attributes: { container: "c3", name: "slipway-build" } },
    },
    { Type: "container", Action: "create", Actor: { ID: "c4", Attributes: { image: sha("a") } } },
    {
      Type: "network",
      Action: "connect",
      Actor: { ID: "n1", Attributes: { container: "c4", name: "slipway-build" } },
    },
  ]
    .map((e) => JSON.stringify(e))
    .join("\n");
  const named = new Set(["c1", "c2", "c3", "c4"]);
  assert.deepEqual(buildStepImages(`${lines}\n`, "slipway-build", named), [sha("a")]);
  assert.deepEqual(buildStepImages("", "slipway-build", named), []);
  // Another build's step on the same network, which this build's output never named, is not ours.
  assert.deepEqual(buildStepImages(`${lines}\n`, "slipway-build", new Set(["c3"])), []);
});
