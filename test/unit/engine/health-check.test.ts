import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkHostPort,
  describeCheck,
  isHealthyStatus,
  type HealthCheck,
} from "../../../src/engine/health-check.js";

const http = (port?: string): HealthCheck => ({
  kind: "http",
  path: "/_health",
  port,
  intervalMs: 100,
  timeoutMs: 1000,
  retries: 3,
});
const ports = [
  { name: "web", hostPort: 20001 },
  { name: "admin", hostPort: 20002 },
];

test("checkHostPort takes the named port, else the service's first", () => {
  assert.equal(checkHostPort(http(), ports), 20001);
  assert.equal(checkHostPort(http("admin"), ports), 20002);
  assert.equal(checkHostPort({ kind: "none" }, ports), 20001);
  assert.equal(checkHostPort({ kind: "none" }, []), undefined);
});

test("checkHostPort refuses a port the service does not have, naming the ones it has", () => {
  assert.throws(
    () => checkHostPort(http("metrics"), ports),
    /names port "metrics", but the service has web, admin/,
  );
  assert.throws(() => checkHostPort(http("web"), []), /has no ports/);
});

test("2xx and 3xx are healthy; 1xx, 4xx and 5xx are not", () => {
  for (const s of [200, 204, 301, 302, 399]) assert.ok(isHealthyStatus(s), String(s));
  for (const s of [0, 101, 400, 404, 500, 503]) assert.ok(!isHealthyStatus(s), String(s));
});

test("describeCheck says what the gate waits for", () => {
  assert.equal(describeCheck(http()), "HTTP GET /_health answering 2xx/3xx");
  assert.equal(
    describeCheck({ kind: "cmd", command: ["pg_isready", "-q"], intervalMs: 1, timeoutMs: 1, retries: 1 }),
    "`pg_isready -q` exiting 0 inside the container",
  );
  assert.equal(describeCheck({ kind: "none" }), "staying up");
});
