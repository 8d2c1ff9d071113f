import { test } from "node:test";
import assert from "node:assert/strict";
import { nodeAddr, planUpstreams, taskAddresses } from "../../../../src/engine/swarm/plan-upstreams.js";

const nodes = [
  { ID: "m", Status: { State: "ready", Addr: "0.0.0.0" }, ManagerStatus: { Addr: "172.17.0.1:2377" } },
  { ID: "n1", Status: { State: "ready", Addr: "172.17.0.5" } },
  { ID: "n2", Status: { State: "down", Addr: "172.17.0.6" } },
];
const task = (ID: string, NodeID: string, port: number, State = "running", DesiredState = "running") => ({
  ID,
  NodeID,
  DesiredState,
  Status: { State, PortStatus: { Ports: [{ TargetPort: 5000, PublishedPort: port, PublishMode: "host" }] } },
});

test("running tasks on ready nodes become NODE:PORT, sorted; down nodes and stopping tasks are left out", () => {
  const tasks = [
    task("t1", "n1", 30001),
    task("t0", "m", 30000),
    task("t2", "n2", 30002),
    task("t3", "n1", 30003, "running", "shutdown"),
    task("t4", "n1", 30004, "starting"),
  ];
  assert.deepEqual(
    taskAddresses(tasks, nodes, 5000).map((t) => t.address),
    ["172.17.0.1:30000", "172.17.0.5:30001"],
  );
  assert.deepEqual(taskAddresses(tasks, nodes, 8080), []);
});

test("a manager reporting 0.0.0.0 is reached at its advertised address", () => {
  assert.equal(nodeAddr(nodes[0]), "172.17.0.1");
  assert.equal(nodeAddr(nodes[1]), "172.17.0.5");
  assert.equal(nodeAddr({ ID: "x" }), undefined);
});

test("only tasks that passed the health check are routed to", () => {
  const running = taskAddresses([task("t0", "m", 30000), task("t1", "n1", 30001)], nodes, 5000);
  assert.deepEqual(planUpstreams(running, new Set(["172.17.0.5:30001"])), ["172.17.0.5:30001"]);
});
