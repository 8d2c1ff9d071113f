import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultTemplate } from "../../../src/template/default-template.js";
import { routedService } from "../../../src/template/template.js";

const base = { build: ".", ports: [], env: {}, volumes: {}, publish: {}, dependsOn: [] };

test("a lone Dockerfile is one web service built from the repo root, running the image's command", () => {
  const t = defaultTemplate({});
  assert.equal(t.source, "the default (no slipway.yml or Procfile)");
  assert.deepEqual(t.cron, []);
  assert.deepEqual(JSON.parse(JSON.stringify(t.services)), [{ ...base, name: "web" }]);
  assert.equal(routedService(t), "web");
});

test("a Procfile gives web plus one service per other process type, each remembering its process", () => {
  const t = defaultTemplate({
    worker: "bin/worker --queue default",
    web: "bin/server --port $PORT",
    clock: "bin/clock",
  });
  assert.equal(t.source, "Procfile");
  assert.deepEqual(
    t.services.map((s) => [s.name, s.cmd, s.process]),
    [
      ["web", "bin/server --port $PORT", "web"],
      ["worker", "bin/worker --queue default", "worker"],
      ["clock", "bin/clock", "clock"],
    ],
  );
  assert.ok(t.services.every((s) => s.build === "." && s.ports.length === 0 && s.image === undefined));
});

test("a Procfile without web still has a web service running the image's own command", () => {
  const t = defaultTemplate({ worker: "bin/worker" });
  assert.deepEqual(
    t.services.map((s) => [s.name, s.cmd, s.process]),
    [
      ["web", undefined, undefined],
      ["worker", "bin/worker", "worker"],
    ],
  );
});

test("process types that are not valid service names are skipped rather than breaking names", () => {
  const t = defaultTemplate({ web: "w", Worker_2: "x", "9lives": "y", ok: "z" });
  assert.deepEqual(
    t.services.map((s) => s.name),
    ["web", "ok"],
  );
});
