import { test } from "node:test";
import assert from "node:assert/strict";
import { diffServices } from "../../../src/engine/diff-services.js";
import { planServices, type ServiceSpec } from "../../../src/engine/plan-services.js";
import { planRelease, type Step } from "../../../src/release/plan-release.js";
import type { ServiceState } from "../../../src/state/app-state.js";
import { loadTemplate } from "../../../src/template/load-template.js";

const template = loadTemplate(`
services:
  web: {build: ., ports: {http: 5000}}
  worker: {build: ., cmd: bin/worker}
  postgres: {image: postgres:16, volumes: {data: /var/lib/postgresql/data}}
`);

function specs(tag: string, pg = "sha256:pg16"): ServiceSpec[] {
  const images = (s: { image?: string }) =>
    s.image ? { ref: s.image, id: pg } : { ref: `slipway/demo:${tag}`, id: `sha256:build-${tag}` };
  return planServices({ app: "demo", template, config: {}, scale: { web: 2 }, images }).specs;
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
        port: s.ports[0]?.port ?? 0,
        publish: s.publish,
        containers: Array.from({ length: s.count }, (_, i) => ({
          id: `${s.name}-${i + 1}`,
          name: `demo.${s.name}.${i + 1}`,
        })),
      },
    ]),
  );
}

const alive = (state: Record<string, ServiceState>) =>
  new Set(Object.values(state).flatMap((s) => s.containers.map((c) => c.id)));

/** A step as one readable word: start:web, stop:postgres(postgres-1), retire(web-1,web-2). */
function show(step: Step): string {
  if (step.kind === "start") return `start:${step.spec.name}`;
  if (step.kind === "gate") return `gate:${step.service}`;
  if (step.kind === "stop") return `stop:${step.service}(${step.containers.map((c) => c.id).join(",")})`;
  if (step.kind === "retire") return `retire(${step.containers.join(",")})`;
  return step.kind;
}

const plan = (next: ServiceSpec[], current: Record<string, ServiceState>) =>
  planRelease({ specs: next, changes: diffServices(next, current, alive(current)), current }).map(show);

test("a first release starts and gates each service in order, then supervises and switches; nothing retires", () => {
  assert.deepEqual(plan(specs("1"), {}), [
    "start:web",
    "gate:web",
    "start:worker",
    "gate:worker",
    "start:postgres",
    "gate:postgres",
    "supervise",
    "switch",
  ]);
});

test("a new build starts the changed services beside the old ones and retires the old after the switch", () => {
  assert.deepEqual(plan(specs("2"), deployed(specs("1"))), [
    "start:web",
    "gate:web",
    "start:worker",
    "gate:worker",
    "supervise",
    "switch",
    "retire(web-1,web-2,worker-1)",
  ]);
});

test("a service with volumes can't run twice: its old container stops before the new one starts", () => {
  assert.deepEqual(plan(specs("1", "sha256:pg17"), deployed(specs("1"))), [
    "stop:postgres(postgres-1)",
    "start:postgres",
    "gate:postgres",
    "supervise",
    "switch",
    "retire(postgres-1)",
  ]);
});

test("the same release again has nothing to start and nothing to retire", () => {
  assert.deepEqual(plan(specs("1"), deployed(specs("1"))), ["supervise", "switch"]);
});
