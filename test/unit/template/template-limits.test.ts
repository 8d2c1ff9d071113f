import { test } from "node:test";
import assert from "node:assert/strict";
import { SlipwayError } from "../../../src/errors.js";
import { loadTemplate } from "../../../src/template/load-template.js";
import {
  expandedSize,
  loadBoundedYaml,
  MAX_ALIASES,
  MAX_TEMPLATE_BYTES,
} from "../../../src/template/parse-limits.js";

const refusal = (text: string, pattern: RegExp) =>
  assert.throws(
    () => loadTemplate(text),
    (e: SlipwayError) => e.code === "bad-template" && pattern.test(e.message),
  );

test("a template over 256 kB is refused before it is parsed, naming its size", () => {
  const padding = `# ${"x".repeat(MAX_TEMPLATE_BYTES)}\n`;
  refusal(
    `services:\n  web: {image: nginx:1}\n${padding}`,
    /^slipway\.yml has a problem:\n {2}slipway\.yml is 2621\d\d bytes; a template may be at most 262144 \(256 kB\)$/,
  );
  // Not a YAML error: a document that is not even YAML is refused by size first.
  refusal(`{${"[".repeat(MAX_TEMPLATE_BYTES)}`, /at most 262144/);
});

test("anchors and merge keys, as compose files use them, load up to the alias limit; one more is refused", () => {
  const template = (n: number) =>
    [
      "services:",
      '  base: &base {image: "nginx:1", memory: 64m}',
      ...Array.from({ length: n }, (_, i) => `  s-${i}: {<<: *base, cmd: "run ${i}"}`),
      "",
    ].join("\n");
  const t = loadTemplate(template(MAX_ALIASES));
  assert.equal(t.services.length, MAX_ALIASES + 1);
  assert.ok(t.services.every((s) => s.image === "nginx:1" && s.memoryBytes === 64 * 1024 ** 2));
  refusal(
    template(MAX_ALIASES + 1),
    new RegExp(`slipway\\.yml:${MAX_ALIASES + 3}:14 uses more than ${MAX_ALIASES} YAML aliases`),
  );
});

test("the expanded size counts each shared node once, so measuring a bomb is quick", () => {
  let node: unknown = ["lol", "lol"];
  for (let i = 0; i < 40; i++) node = [node, node];
  const started = Date.now();
  assert.equal(expandedSize(node), 2 ** 42 - 1);
  assert.ok(Date.now() - started < 100);
  assert.equal(expandedSize({ a: [1, { b: null }], c: "x" }), 6);
});

test("any YAML a user sends (a set_service spec) is bounded the same way", () => {
  const doubling = [
    "x0: &x0 [a, b, c, d]",
    ...Array.from({ length: 20 }, (_, i) => `x${i + 1}: &x${i + 1} [*x${i}, *x${i}]`),
  ].join("\n");
  assert.throws(() => loadBoundedYaml(doubling), /expands to more than 50000 values/);
  const many = ["a: &a 1", ...Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `b${i}: *a`)].join("\n");
  assert.throws(() => loadBoundedYaml(many), /uses more than 50 YAML aliases/);
  assert.deepEqual(loadBoundedYaml("{image: 'nginx:1', env: {A: &v x, B: *v}}"), {
    image: "nginx:1",
    env: { A: "x", B: "x" },
  });
});

test("cron schedules with a seconds field load only where the server allows them (settings cronSeconds)", () => {
  const text =
    'services:\n  web: {image: "nginx:1"}\ncron:\n  - {schedule: "*/5 * * * * *", service: web, run: [bin/tick, --now]}\n';
  refusal(text, /cron\[0\]\.schedule: has a seconds field; a job runs at most once a minute/);
  assert.deepEqual(loadTemplate(text, "slipway.yml", { cronSeconds: true }).cron[0].run, [
    "bin/tick",
    "--now",
  ]);
});

test("cmd, cron run and health cmd take a list (argv) or a string (shell); pids is kept as given", () => {
  const t = loadTemplate(
    [
      "services:",
      '  web: {image: "nginx:1", cmd: [nginx, -g, "daemon off;"], pids: 64, health: {cmd: "test -f /tmp/up"}}',
      '  db: {image: "postgres:16", cmd: postgres -c fsync=off, health: {cmd: [pg_isready, -U, postgres]}}',
      "cron:",
      "  - {schedule: '0 3 * * *', service: db, run: vacuumdb --all}",
      "",
    ].join("\n"),
  );
  const [web, db] = t.services;
  assert.deepEqual(web.cmd, ["nginx", "-g", "daemon off;"]);
  assert.equal(web.pids, 64);
  assert.deepEqual(web.health?.cmd, ["/bin/sh", "-c", "test -f /tmp/up"]);
  assert.equal(db.cmd, "postgres -c fsync=off");
  assert.equal(db.pids, undefined);
  assert.deepEqual(db.health?.cmd, ["pg_isready", "-U", "postgres"]);
  assert.equal(t.cron[0].run, "vacuumdb --all");
});
