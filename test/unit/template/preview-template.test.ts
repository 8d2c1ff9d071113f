import { test } from "node:test";
import assert from "node:assert/strict";
import { loadTemplate } from "../../../src/template/load-template.js";
import { previewTemplate } from "../../../src/template/preview-template.js";

const YML = `services:
  web: {ports: {http: assign}, depends_on: [postgres, cache], publish: {"2525": http}}
  cache: {image: redis:7}
  postgres: {image: postgres:16, preview: false, volumes: {data: /var/lib/postgresql/data}}
cron:
  - {schedule: "0 * * * *", service: postgres, run: vacuumdb}
  - {schedule: "0 * * * *", service: web, run: bin/tick}
`;

test("services with preview: false, their depends_on entries and cron jobs are left out; no host ports", () => {
  const t = previewTemplate(loadTemplate(YML, "slipway.yml"));
  assert.deepEqual(
    t.services.map((s) => s.name),
    ["cache", "web"],
  );
  assert.deepEqual(t.services.find((s) => s.name === "web")!.dependsOn, ["cache"]);
  assert.deepEqual(t.services.find((s) => s.name === "web")!.publish, {});
  assert.deepEqual(
    t.cron.map((c) => c.service),
    ["web"],
  );
});

test("preview must be a boolean, and a preview without its routed service is refused", () => {
  assert.throws(() => loadTemplate("services:\n  web: {preview: no-thanks}\n", "slipway.yml"), /preview/);
  const t = loadTemplate("services:\n  web: {preview: false}\n", "slipway.yml");
  assert.throws(() => previewTemplate(t), { code: "preview-template", message: /serve nothing/ });
});
