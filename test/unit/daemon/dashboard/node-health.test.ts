import assert from "node:assert/strict";
import { test } from "node:test";
import type { SwarmNode, SwarmService, SwarmTask } from "../../../../src/engine/cluster/node-rows.js";
import { nodeRows } from "../../../../src/engine/cluster/node-rows.js";
import { nodeHealthItems } from "../../../../src/daemon/dashboard/node-health.js";

const node = (id: string, host: string, state: string, availability: string, role = "worker"): SwarmNode => ({
  ID: id,
  Spec: { Role: role, Availability: availability },
  Description: { Hostname: host },
  Status: { State: state, Addr: "10.0.0.1" },
});

test("the overview's node lines: ready and active green, drained amber, down red, with what each runs", () => {
  const nodes = [
    node("m1", "manager", "ready", "active", "manager"),
    node("w1", "node-a", "ready", "drain"),
    node("w2", "node-b", "down", "active"),
  ];
  const services: SwarmService[] = [
    { ID: "s1", Spec: { Name: "x", Labels: { "slipway.app": "shop", "slipway.service": "web" } } },
  ];
  const tasks: SwarmTask[] = [
    { NodeID: "m1", ServiceID: "s1", DesiredState: "running", Status: { State: "running" } },
    { NodeID: "m1", ServiceID: "s1", DesiredState: "running", Status: { State: "running" } },
  ];
  const items = nodeHealthItems(nodeRows(nodes, tasks, services, {}));
  assert.deepEqual(
    items.map((i) => [i.name, i.light]),
    [
      ["node manager", "green"],
      ["node node-a", "amber"],
      ["node node-b", "red"],
    ],
  );
  assert.match(items[0].detail, /runs shop\/web x2/);
  assert.match(items[2].detail, /down/);
});
