import { test } from "node:test";
import assert from "node:assert/strict";
import { buildKey, fromImages } from "../../../src/builders/build-key.js";

test("FROM lines name the base images, stage names and platform flags aside", () => {
  const dockerfile =
    "# syntax\nFROM --platform=linux/amd64 golang:1.22 AS build\nRUN go build\nfrom busybox:stable\nCOPY --from=build /app /app\n";
  assert.deepEqual(fromImages(dockerfile), ["golang:1.22", "busybox:stable"]);
});

test("the key changes with each part that goes into the image, and only then", () => {
  const parts = {
    tree: "4f732ce",
    dockerfile: "store/Dockerfile",
    builder: "dockerfile" as const,
    bases: ["sha256:aa"],
  };
  assert.equal(buildKey(parts), buildKey({ ...parts }));
  for (const changed of [
    { tree: "4eddae8" },
    { dockerfile: "store/Dockerfile.prod" },
    { bases: ["sha256:bb"] },
  ]) {
    assert.notEqual(buildKey({ ...parts, ...changed }), buildKey(parts));
  }
});
