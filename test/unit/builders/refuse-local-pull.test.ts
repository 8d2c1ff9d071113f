import { test } from "node:test";
import assert from "node:assert/strict";
import { findLocalPulls, pulledImageRefs, refuseLocalPull } from "../../../src/builders/refuse-local-pull.js";

const lines = (df: string) => findLocalPulls(df).map((p) => p.line);

test("images from a registry on this machine are found: IP, localhost, any port, expanded ARGs", () => {
  const hostile: [string, number][] = [
    ["FROM 127.0.0.1:7701/x\n", 1],
    ["from localhost/x:1\n", 1],
    ["FROM --platform=linux/amd64 registry.example.org:5000/x AS b\n", 1],
    ["FROM [::1]:7701/x\n", 1],
    ["FROM 10.0.0.5/x\n", 1],
    ["FROM busybox\nCOPY --from=127.0.0.1:20001/private/img /a /b\n", 2],
    ["ARG REG=127.0.0.1:7701\nFROM ${REG}/x\n", 2],
    ["ARG REG\nFROM ${REG:-localhost:5000}/x\n", 2],
    ["ARG P=7701\nFROM 127.0.0.1:$P/x\n", 2],
    ["FROM ${UNSET:?no}/x\n", 1],
    ["FR\\\nOM 127.0.0.1:7701/x\n", 1],
    ["ARG S=build\nFROM busybox\nCOPY --from=${S} /a /b\n", 3],
  ];
  for (const [df, line] of hostile) assert.deepEqual(lines(df), [line], JSON.stringify(df));
});

test("public and local images, stage names and ARG-chosen bases are fine", () => {
  const df =
    "ARG BASE=node:20-slim\nFROM $BASE AS build\nFROM ghcr.io/org/app:1\n" +
    "FROM docker.io/library/busybox\n" +
    "FROM slipway-test/busybox:1\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\nARG REG=127.0.0.1:7701\n";
  assert.deepEqual(findLocalPulls(df), []);
});

test("the refusal names the file, the line and the image", () => {
  assert.throws(
    () => refuseLocalPull("FROM busybox\nFROM 127.0.0.1:7701/x\n", "Dockerfile"),
    /^SlipwayError: Dockerfile line 2: the image 127\.0\.0\.1:7701\/x is refused/,
  );
});

test("every image a Dockerfile resolves is listed, global ARG defaults expanded, stage names too", () => {
  const df = [
    "ARG BASE=slipway/shop:3",
    "FROM $BASE AS build",
    "FROM --platform=linux/amd64 debian:bookworm-slim",
    "COPY --from=build /app /app",
    "COPY --from=slipway/blog:2 /x /x",
  ].join("\n");
  assert.deepEqual(
    pulledImageRefs(df).map((p) => [p.line, p.expanded]),
    [
      [2, "slipway/shop:3"],
      [3, "debian:bookworm-slim"],
      [4, "build"],
      [5, "slipway/blog:2"],
    ],
  );
});
