import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseBuilder } from "../../../src/builders/choose-builder.js";
import { processCommand, type BuiltApp } from "../../../src/builders/build-app.js";
import { parseImageRef, settingImage } from "../../../src/template/image-ref.js";
import { stepCached } from "../../../src/builders/progress.js";

const facts = { hasDockerfile: false, buildpackImage: "flynn/slugbuilder", buildpackImagePresent: false };

test("a Dockerfile wins, then a present builder image, then detection", () => {
  assert.equal(
    chooseBuilder({ ...facts, hasDockerfile: true, buildpackImagePresent: true }).builder,
    "dockerfile",
  );
  assert.deepEqual(chooseBuilder({ ...facts, buildpackImagePresent: true }), {
    builder: "buildpack",
    reason: "no Dockerfile; the buildpack builder image flynn/slugbuilder is on this host",
  });
  assert.deepEqual(chooseBuilder(facts), {
    builder: "detect",
    reason: "no Dockerfile, and no buildpack builder image (flynn/slugbuilder) on this host",
  });
});

test("builder:set overrides the choice, and says so", () => {
  const choice = chooseBuilder({ ...facts, hasDockerfile: true, override: "detect" });
  assert.equal(choice.builder, "detect");
  assert.match(choice.reason, /set with builder:set/);
});

test("an override that cannot work on this push is refused with what to do", () => {
  assert.throws(
    () => chooseBuilder({ ...facts, override: "dockerfile" }),
    /has none at the top of the repository/,
  );
  assert.throws(
    () => chooseBuilder({ ...facts, override: "buildpack" }),
    /flynn\/slugbuilder is not on this host/,
  );
  assert.throws(
    () => chooseBuilder({ ...facts, hasDockerfile: true, override: "image" }),
    /deploys prebuilt images only/,
  );
});

const built = (b: Partial<BuiltApp>): BuiltApp => ({
  image: "x:1",
  builder: "detect",
  reason: "",
  procfile: {},
  slug: false,
  ...b,
});

test("slug images start a type as slugrunner does; others run the Procfile line in a shell", () => {
  assert.deepEqual(processCommand(built({ slug: true, builder: "buildpack" }), "worker"), [
    "start",
    "worker",
  ]);
  assert.deepEqual(processCommand(built({ procfile: { worker: "node worker.js" } }), "worker"), [
    "/bin/sh",
    "-c",
    "node worker.js",
  ]);
});

test("a web type without a Procfile line runs the image's own CMD; other missing types are errors", () => {
  assert.deepEqual(processCommand(built({ builder: "dockerfile" }), "web"), []);
  assert.throws(
    () => processCommand(built({ builder: "dockerfile" }), "worker"),
    /the Procfile has no process type "worker"/,
  );
});

test("image references are checked before they reach a FROM line", () => {
  for (const ok of [
    "busybox",
    "myapp:1.4",
    "registry.example.org:5000/team/app:latest",
    `app@sha256:${"a".repeat(64)}`,
    `sha256:${"b".repeat(64)}`,
  ]) {
    assert.equal(parseImageRef(ok), ok);
  }
  for (const bad of ["", "Busybox", "busybox\nRUN rm -rf /", "a b", "-x", "app:", "../etc"])
    assert.throws(() => parseImageRef(bad), /invalid image reference/, bad);
  assert.equal(settingImage("node:20-slim", "builders.detectImages.node"), "node:20-slim");
  assert.throws(
    () => settingImage("node\nRUN x", "builders.detectImages.node"),
    /settings.json: builders.detectImages.node is not an image reference/,
  );
});

test("stepCached reads the engine's words for one step", () => {
  const out = [
    "-----> Step 4/9 : RUN npm ci --omit=dev",
    "        ---> Using cache",
    "        ---> 44d48a0845e6",
    "-----> Step 5/9 : COPY . /app",
    "        ---> 06141b0f958f",
  ].join("\n");
  assert.equal(stepCached(out, "RUN npm ci --omit=dev"), true);
  assert.equal(stepCached(out, "COPY . /app"), false);
  assert.equal(stepCached(out, "RUN pip install"), undefined);
  assert.equal(
    stepCached("#7 [4/6] RUN npm ci\n-----> Step 1/1 : RUN npm ci\n#7 CACHED\n", "RUN npm ci"),
    true,
  );
});
