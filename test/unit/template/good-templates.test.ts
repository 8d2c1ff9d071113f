import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadTemplate } from "../../../src/template/load-template.js";
import { routedService, type Template } from "../../../src/template/template.js";

const dir = fileURLToPath(new URL("../../fixtures/templates/good/", import.meta.url));

/** Load a good fixture; absent optional fields are dropped so the comparison reads like the YAML. */
function load(name: string): Template {
  return JSON.parse(JSON.stringify(loadTemplate(readFileSync(`${dir}${name}.yml`, "utf8"), "slipway.yml")));
}

const plain = { ports: [], env: {}, volumes: {}, publish: {}, dependsOn: [] };

const issueServices = [
  {
    name: "web",
    build: ".",
    cmd: "bin/server --port $PORT_HTTP",
    ports: [{ name: "http", port: 5000 }],
    env: { MODE: "production", DB: "postgres://app@${POSTGRES_HOST}/app" },
    health: { path: "/_health" },
    memoryBytes: 512 * 1024 * 1024,
    cpu: 0.5,
    volumes: {},
    publish: {},
    dependsOn: [],
  },
  { ...plain, name: "worker", build: ".", cmd: "bin/worker" },
  { ...plain, name: "postgres", image: "postgres:16", volumes: { data: "/var/lib/postgresql/data" } },
];
const issueCron = [{ id: "1", schedule: "*/10 * * * *", service: "web", run: "bin/bust-caches" }];

test("the issue's example template loads as written", () => {
  const t = load("issue-example");
  assert.deepEqual(t.services.slice(0, 3), issueServices);
  assert.equal(t.services[3].name, "mail");
  assert.equal(t.services[3].image, "example/mailserver");
  assert.deepEqual(t.services[3].publish, { "25": "smtp" });
  assert.deepEqual(t.cron, issueCron);
});

test("the issue's example with mail's smtp port declared normalizes field by field", () => {
  assert.deepEqual(load("issue-example-with-ports"), {
    services: [
      ...issueServices,
      {
        ...plain,
        name: "mail",
        image: "example/mailserver",
        ports: [{ name: "smtp", port: 25 }],
        publish: { "25": "smtp" },
      },
    ],
    cron: issueCron,
    source: "slipway.yml",
  });
});

test("listed and assigned ports take free numbers from 5000; services come in start order", () => {
  const t = load("ports-health-route");
  assert.deepEqual(t, {
    services: [
      {
        name: "api",
        build: "services/api",
        cmd: "bin/api",
        ports: [
          { name: "http", port: 5000 },
          { name: "admin", port: 5001 },
        ],
        env: { RATE: "10", DEBUG: "false", LITERAL: "$${NOT_EXPANDED}" },
        health: { path: "/ready", port: "admin", intervalMs: 500, timeoutMs: 2000, retries: 3 },
        memoryBytes: 1024 ** 3,
        cpu: 2,
        volumes: {},
        publish: {},
        dependsOn: [],
      },
      {
        name: "gateway",
        build: ".",
        ports: [
          { name: "http", port: 8080 },
          { name: "metrics", port: 5000 },
          { name: "grpc", port: 5001 },
        ],
        env: {},
        health: { port: "grpc", tcp: true },
        memoryBytes: 1.5 * 1024 ** 3,
        volumes: {},
        publish: {},
        dependsOn: ["api"],
      },
    ],
    route: { service: "gateway", port: "http" },
    cron: [],
    source: "slipway.yml",
  });
  assert.equal(routedService(t), "gateway");
});

test("an all-image stack: dependencies first, publish, volumes, cmd health, cron ids and trimmed schedules", () => {
  const t = load("image-stack");
  assert.deepEqual(t, {
    services: [
      {
        ...plain,
        name: "cache",
        image: "redis:7",
        cmd: "redis-server --appendonly yes",
        volumes: { "cache-data": "/data" },
      },
      {
        ...plain,
        name: "db",
        image: "postgres:16",
        volumes: { pg: "/var/lib/postgresql/data" },
        health: { cmd: ["pg_isready", "-U", "postgres"], intervalMs: 2000, retries: 10 },
      },
      {
        ...plain,
        name: "app",
        image: "example/app:1.2",
        ports: [{ name: "http", port: 5000 }],
        dependsOn: ["cache", "db"],
        env: { DATABASE_URL: "postgres://${DB_HOST}:${DB_PORT}/app", CACHE: "${CACHE_HOST:-localhost}" },
      },
      {
        ...plain,
        name: "mail",
        image: "example/mailserver",
        ports: [
          { name: "smtp", port: 25 },
          { name: "submission", port: 587 },
        ],
        publish: { "25": "smtp", "587": "submission" },
      },
    ],
    cron: [
      { id: "vacuum", schedule: "0 4 * * 0", service: "db", run: "vacuumdb --all" },
      { id: "2", schedule: "*/15 * * * *", service: "app", run: "bin/tick" },
    ],
    source: "slipway.yml",
  });
  assert.equal(
    t.services.some((s) => s.build !== undefined),
    false,
    "image services have no build context",
  );
  assert.equal(routedService(t), undefined, "no web service and no route: nothing is routed");
});

test("a service with no keys is built from the repo root with one implicit port", () => {
  const t = load("minimal");
  assert.deepEqual(t, { services: [{ ...plain, name: "web", build: "." }], cron: [], source: "slipway.yml" });
  assert.equal(routedService(t), "web");
});

test("loading is deterministic: the same text gives the same template", () => {
  const text = readFileSync(`${dir}image-stack.yml`, "utf8");
  assert.deepEqual(loadTemplate(text), loadTemplate(text));
});
