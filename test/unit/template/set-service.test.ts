import { test } from "node:test";
import assert from "node:assert/strict";
import yaml from "js-yaml";
import { loadTemplate } from "../../../src/template/load-template.js";
import { sameTemplate, templateHash } from "../../../src/template/same-template.js";
import { setService } from "../../../src/template/set-service.js";
import { parseServiceName } from "../../../src/template/service-name.js";

const STORED =
  "# a comment\nservices:\n  db:\n    image: postgres:16\n    volumes: {data: /var/lib/postgresql/data}\nroute: {service: web}\n";

test("setService adds or replaces one service and keeps the rest of the document", () => {
  const added = yaml.load(setService(STORED, "web", { image: "nginx:1", depends_on: ["db"] })) as Record<
    string,
    any
  >;
  assert.deepEqual(Object.keys(added.services), ["db", "web"]);
  assert.deepEqual(added.route, { service: "web" });
  assert.equal(added.services.db.image, "postgres:16");
  const replaced = yaml.load(
    setService(setService(STORED, "web", { image: "a:1" }), "web", { image: "b:2" }),
  ) as Record<string, any>;
  assert.deepEqual(replaced.services.web, { image: "b:2" });
  assert.deepEqual(yaml.load(setService(undefined, "web", { image: "a:1" })), {
    services: { web: { image: "a:1" } },
  });
});

test("setService output is checked as a whole, with positions and key paths", () => {
  const text = setService(STORED, "web", { image: "nginx:1", ports: { http: 99999 }, depends_on: ["cache"] });
  assert.throws(
    () => loadTemplate(text, "app/template.yml"),
    (e: Error) => {
      assert.match(
        e.message,
        /app\/template\.yml:\d+:\d+ services\.web\.ports\.http: must be a port 1-65535/,
      );
      assert.match(e.message, /services\.web\.depends_on\[0\]: no service named "cache"/);
      return true;
    },
  );
  assert.throws(() => setService("- a list", "web", {}), { code: "bad-template" });
});

test("sameTemplate and templateHash ignore key order and where the template came from", () => {
  const a = loadTemplate("services:\n  web:\n    image: x:1\n    env: {A: '1', B: '2'}\n", "one.yml");
  const b = loadTemplate(
    JSON.stringify({ services: { web: { env: { B: "2", A: "1" }, image: "x:1" } } }),
    "two.yml",
  );
  const c = loadTemplate("services:\n  web:\n    image: x:2\n", "one.yml");
  assert.ok(sameTemplate(a, b));
  assert.equal(templateHash(a), templateHash(b));
  assert.ok(!sameTemplate(a, c));
  assert.notEqual(templateHash(a), templateHash(c));
});

test("parseServiceName accepts slipway.yml service names only", () => {
  assert.equal(parseServiceName("web-2"), "web-2");
  for (const bad of ["Web", "2web", "a_b", "../x", "", "x".repeat(32)])
    assert.throws(() => parseServiceName(bad), { code: "bad-request" }, bad);
});
