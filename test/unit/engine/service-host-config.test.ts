import { test } from "node:test";
import assert from "node:assert/strict";
import { oneOffContainerOptions, type OneOffPlan } from "../../../src/engine/one-off-container.js";
import { planServices } from "../../../src/engine/plan-services.js";
import { serviceContainerOptions, type InstancePlan } from "../../../src/engine/service-container.js";
import { serviceHostConfig, volumeName } from "../../../src/engine/service-host-config.js";
import { loadTemplate } from "../../../src/template/load-template.js";

const template = loadTemplate(`
services:
  db:
    image: postgres:16
    ports: {pg: 5432}
    volumes: {data: /var/lib/postgresql/data, backups: /backups}
    memory: 512m
    pids: 200
    cpu: 1.5
`);
const [db] = planServices({
  app: "shop",
  template,
  config: {},
  images: () => ({ ref: "postgres:16", id: "sha256:pg" }),
  scale: {},
}).specs;
const instance: InstancePlan = {
  namePrefix: "slipway",
  labels: {},
  app: "shop",
  release: 4,
  index: 1,
  network: "slipway-shop",
};
const oneOff: OneOffPlan = {
  namePrefix: "slipway",
  labels: {},
  app: "shop",
  kind: "run",
  suffix: "abc123",
  network: "slipway-shop",
  cmd: ["psql"],
  stdin: "pipe",
};
const shared = ["Binds", "Memory", "PidsLimit", "NanoCpus", "LogConfig"] as const;
const pick = (hostConfig: object) =>
  Object.fromEntries(shared.map((k) => [k, (hostConfig as Record<string, unknown>)[k]]));

test("a service's containers get its volumes, memory, process and CPU limits and bounded logs", () => {
  assert.deepEqual(serviceHostConfig(db, "slipway", "shop"), {
    Binds: ["slipway-shop.data:/var/lib/postgresql/data", "slipway-shop.backups:/backups"],
    Memory: 512 * 1024 * 1024,
    PidsLimit: 200,
    NanoCpus: 1_500_000_000,
    LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } },
  });
});

test("a one-off gets the same binds, limits and log settings as the service's own containers", () => {
  const service = serviceContainerOptions(db, instance).HostConfig!;
  const run = oneOffContainerOptions(db, oneOff).HostConfig!;
  assert.deepEqual(pick(run), pick(service));
  assert.deepEqual(pick(service), serviceHostConfig(db, "slipway", "shop"));
  // Only what a one-off is for differs: no ports, no restart, removed when it exits.
  assert.deepEqual([service.RestartPolicy, service.AutoRemove], [{ Name: "unless-stopped" }, undefined]);
  assert.deepEqual([run.RestartPolicy, run.AutoRemove, run.PortBindings], [{ Name: "no" }, true, undefined]);
});

test("no limits in the template means none for the engine", () => {
  const bare = planServices({
    app: "shop",
    template: loadTemplate("services:\n  web: {image: nginx}\n"),
    config: {},
    images: () => ({ ref: "nginx", id: "sha256:n" }),
    scale: {},
  }).specs[0];
  const host = serviceHostConfig(bare, "slipway", "shop");
  assert.deepEqual([host.Memory, host.PidsLimit, host.NanoCpus], [undefined, undefined, undefined]);
});

test("volume names of two deployments never collide, whatever their app and volume names", () => {
  assert.notEqual(
    volumeName("slipway", "shop", "staging-data"),
    volumeName("slipway", "shop-staging", "data"),
  );
  assert.notEqual(volumeName("slipway", "a-b", "c"), volumeName("slipway", "a", "b-c"));
});
