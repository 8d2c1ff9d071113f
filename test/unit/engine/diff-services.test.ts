import { test } from "node:test";
import assert from "node:assert/strict";
import { diffServices, formatPlan } from "../../../src/engine/diff-services.js";
import { planServices, type ServiceSpec } from "../../../src/engine/plan-services.js";
import { loadTemplate } from "../../../src/template/load-template.js";
import type { ServiceState } from "../../../src/state/app-state.js";

const template = loadTemplate(`
services:
  web: {build: ., ports: {http: 5000}, env: {MODE: "\${MODE:-production}"}}
  worker: {build: ., cmd: bin/worker}
  postgres: {image: postgres:16, volumes: {data: /var/lib/postgresql/data}}
`);

function specs(
  opts: { tag?: string; config?: Record<string, string>; scale?: Record<string, number>; pg?: string } = {},
): ServiceSpec[] {
  return planServices({
    app: "demo",
    template,
    config: opts.config ?? { SECRET: "a" },
    scale: opts.scale ?? {},
    images: (s) =>
      s.image
        ? { ref: s.image, id: opts.pg ?? "sha256:pg16" }
        : { ref: `slipway/demo:${opts.tag ?? "1"}`, id: `sha256:build-${opts.tag ?? "1"}` },
  }).specs;
}

/** What a deploy of these specs recorded, with container ids NAME-1, NAME-2, ... */
function deployed(list: ServiceSpec[]): Record<string, ServiceState> {
  return Object.fromEntries(
    list.map((s) => [
      s.name,
      {
        specHash: s.specHash,
        envHash: s.envHash,
        imageId: s.imageId,
        image: s.image,
        port: s.ports[0].port,
        publish: s.publish,
        containers: Array.from({ length: s.count }, (_, i) => ({
          id: `${s.name}-${i + 1}`,
          name: `slipway-demo.${s.name}.1.${i + 1}`,
        })),
      },
    ]),
  );
}

const allAlive = (state: Record<string, ServiceState>) =>
  new Set(Object.values(state).flatMap((s) => s.containers.map((c) => c.id)));
const summary = (changes: ReturnType<typeof diffServices>) =>
  changes.map((c) => `${c.service}:${c.action}:${c.reason}`);

test("a first deploy starts every service", () => {
  const changes = diffServices(specs(), {}, new Set());
  assert.deepEqual(summary(changes), ["web:start:added", "worker:start:added", "postgres:start:added"]);
  assert.equal(formatPlan(changes), "Plan: web added · worker added · postgres added");
});

test("the same template and config again keeps every running service untouched", () => {
  const now = deployed(specs());
  const changes = diffServices(specs(), now, allAlive(now));
  assert.deepEqual(summary(changes), [
    "web:keep:unchanged",
    "worker:keep:unchanged",
    "postgres:keep:unchanged",
  ]);
  assert.equal(formatPlan(changes), "Plan: web unchanged · worker unchanged · postgres unchanged");
});

test("a new build rebuilds the repo's services and leaves postgres alone", () => {
  const now = deployed(specs());
  const changes = diffServices(specs({ tag: "2" }), now, allAlive(now));
  assert.equal(formatPlan(changes), "Plan: web rebuilt · worker rebuilt · postgres unchanged");
  assert.deepEqual(
    changes.map((c) => c.action),
    ["start", "start", "keep"],
  );
});

test("a config change restarts the build services with env changed; the image service keeps running", () => {
  const now = deployed(specs());
  const changes = diffServices(specs({ config: { SECRET: "b" } }), now, allAlive(now));
  assert.equal(
    formatPlan(changes),
    "Plan: web restarted (env changed) · worker restarted (env changed) · postgres unchanged",
  );
});

test("a config var only web's env uses by default still restarts web", () => {
  const now = deployed(specs());
  assert.deepEqual(
    summary(diffServices(specs({ config: { SECRET: "a", MODE: "staging" } }), now, allAlive(now))).slice(
      0,
      1,
    ),
    ["web:start:restarted (env changed)"],
  );
});

test("a new image for an image service is a new image, not a rebuild", () => {
  const now = deployed(specs());
  const changes = diffServices(specs({ pg: "sha256:pg16.1" }), now, allAlive(now));
  assert.deepEqual(summary(changes), [
    "web:keep:unchanged",
    "worker:keep:unchanged",
    "postgres:start:new image",
  ]);
});

test("a service removed from the template is removed; new ones are added", () => {
  const now = deployed(specs());
  now.redis = { ...now.postgres, containers: [{ id: "redis-1", name: "slipway-demo.redis.1.1" }] };
  const changes = diffServices(
    specs().filter((s) => s.name !== "worker"),
    now,
    allAlive(now),
  );
  assert.deepEqual(summary(changes), [
    "web:keep:unchanged",
    "postgres:keep:unchanged",
    "worker:remove:removed",
    "redis:remove:removed",
  ]);
  assert.equal(
    formatPlan(changes),
    "Plan: web unchanged · postgres unchanged · worker removed · redis removed",
  );
});

test("a service whose container died is restarted even though nothing changed", () => {
  const now = deployed(specs());
  const alive = allAlive(now);
  alive.delete("worker-1");
  assert.deepEqual(summary(diffServices(specs(), now, alive)), [
    "web:keep:unchanged",
    "worker:start:restarted (was not running)",
    "postgres:keep:unchanged",
  ]);
});

test("scaling changes only the scaled service, and says to what", () => {
  const now = deployed(specs());
  const changes = diffServices(specs({ scale: { web: 3 } }), now, allAlive(now));
  assert.deepEqual(summary(changes), [
    "web:scale:scaled to 3",
    "worker:keep:unchanged",
    "postgres:keep:unchanged",
  ]);
  const three = deployed(specs({ scale: { web: 3 } }));
  assert.deepEqual(summary(diffServices(specs({ scale: { web: 3 } }), three, allAlive(three))).slice(0, 1), [
    "web:keep:unchanged",
  ]);
  assert.deepEqual(summary(diffServices(specs({ scale: { web: 0 } }), three, allAlive(three))).slice(0, 1), [
    "web:scale:scaled to 0",
  ]);
  // A scale that comes with a new image replaces every container.
  assert.deepEqual(
    summary(diffServices(specs({ scale: { web: 3 }, tag: "2" }), now, allAlive(now))).slice(0, 1),
    ["web:start:rebuilt"],
  );
});

test("a forced service restarts; the reason with most to say wins", () => {
  const now = deployed(specs());
  assert.deepEqual(summary(diffServices(specs(), now, allAlive(now), new Set(["worker"]))), [
    "web:keep:unchanged",
    "worker:start:restarted",
    "postgres:keep:unchanged",
  ]);
  const both = diffServices(specs({ tag: "2", config: { SECRET: "b" } }), now, new Set(), new Set(["web"]));
  assert.deepEqual(summary(both).slice(0, 1), ["web:start:rebuilt"]);
});

test("a spec change other than env or image says settings changed", () => {
  const now = deployed(specs());
  now.web = { ...now.web, specHash: "0000000000000000" };
  assert.deepEqual(summary(diffServices(specs(), now, allAlive(now))).slice(0, 1), [
    "web:start:restarted (settings changed)",
  ]);
});

test("formatPlan renders the issue's example", () => {
  assert.equal(
    formatPlan([
      { service: "web", action: "start", reason: "rebuilt" },
      { service: "worker", action: "start", reason: "restarted (env changed)" },
      { service: "postgres", action: "keep", reason: "unchanged" },
    ]),
    "Plan: web rebuilt · worker restarted (env changed) · postgres unchanged",
  );
});
