import { test } from "node:test";
import assert from "node:assert/strict";
import type { ServiceSpec } from "../../../../src/engine/plan-services.js";
import {
  placement,
  swarmServiceName,
  swarmServiceSpec,
} from "../../../../src/engine/swarm/swarm-service-spec.js";

const spec = (over: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name: "web",
  image: "slipway/shop:3-web",
  imageId: "sha256:abc",
  cmd: ["node", "server.js"],
  env: ["PORT=5000", "SLIPWAY_SERVICE=web"],
  ports: [{ name: "", port: 5000 }],
  volumes: {},
  publish: {},
  routePort: 5000,
  count: 2,
  health: { kind: "none" },
  built: true,
  strategy: "beside",
  specHash: "h1",
  envHash: "e1",
  memoryBytes: 256 << 20,
  ...over,
});

const plan = {
  namePrefix: "slipway",
  labels: { "slipway.test": "t1" },
  app: "shop",
  release: 3,
  network: "slipway-shop-swarm",
  image: "10.0.0.1:5000/slipway-shop@sha256:def",
  routable: true,
};

test("a routable service runs by digest, dnsrr, with its route port published in host mode on any port", () => {
  const body = swarmServiceSpec(spec(), plan) as any;
  assert.equal(body.Name, "slipway-shop--web-r3");
  assert.equal(body.TaskTemplate.ContainerSpec.Image, plan.image);
  assert.deepEqual(body.TaskTemplate.ContainerSpec.Args, ["node", "server.js"]);
  assert.deepEqual(body.TaskTemplate.ContainerSpec.Env, ["PORT=5000", "SLIPWAY_SERVICE=web"]);
  assert.deepEqual(body.EndpointSpec, {
    Mode: "dnsrr",
    Ports: [{ Protocol: "tcp", TargetPort: 5000, PublishMode: "host" }],
  });
  assert.deepEqual(body.TaskTemplate.Networks, [{ Target: "slipway-shop-swarm", Aliases: ["web"] }]);
  assert.deepEqual(body.Mode, { Replicated: { Replicas: 2 } });
  assert.equal(body.UpdateConfig.Order, "start-first");
  assert.deepEqual(body.TaskTemplate.Resources, { Limits: { MemoryBytes: 256 << 20 } });
  assert.equal(body.Labels["slipway.app"], "shop");
  assert.equal(body.Labels["slipway.test"], "t1");
  assert.deepEqual(body.TaskTemplate.Placement, {
    Preferences: [{ Spread: { SpreadDescriptor: "node.id" } }],
  });
});

test("a stateful service mounts its named volume and is pinned to the node that holds it", () => {
  const db = spec({ name: "db", volumes: { data: "/var/lib/db" }, strategy: "replace", count: 1 });
  const body = swarmServiceSpec(db, { ...plan, routable: false, pinnedNode: "node7" }) as any;
  assert.deepEqual(body.TaskTemplate.Placement, { Constraints: ["node.id==node7"] });
  assert.equal(body.TaskTemplate.ContainerSpec.Mounts[0].Source, "slipway-shop.data");
  assert.equal(body.TaskTemplate.ContainerSpec.Mounts[0].Target, "/var/lib/db");
  assert.equal(body.UpdateConfig.Order, "stop-first");
  assert.deepEqual(body.EndpointSpec.Ports, []);
});

test("public ports keep their number in host mode", () => {
  const body = swarmServiceSpec(spec({ publish: { "2222": 22 } }), { ...plan, routable: false }) as any;
  assert.deepEqual(body.EndpointSpec.Ports, [
    { Protocol: "tcp", TargetPort: 22, PublishedPort: 2222, PublishMode: "host" },
  ]);
});

test("service names are DNS labels and differ per release", () => {
  assert.equal(swarmServiceName("slipway", "a-b", "c", 1), "slipway-a-b--c-r1");
  assert.notEqual(swarmServiceName("slipway", "a", "b", 1), swarmServiceName("slipway", "a", "b", 2));
  assert.deepEqual(placement(), { Preferences: [{ Spread: { SpreadDescriptor: "node.id" } }] });
});
