import { test } from "node:test";
import assert from "node:assert/strict";
import { SlipwayError } from "../../../../src/errors.js";
import {
  describeTasks,
  findNode,
  liveTasksOn,
  nodeRows,
  parseNodeFree,
  type SwarmNode,
  type SwarmTask,
} from "../../../../src/engine/cluster/node-rows.js";

const node = (id: string, name: string, role = "worker", extra: Partial<SwarmNode> = {}): SwarmNode => ({
  ID: id,
  Spec: { Role: role, Availability: "active" },
  Description: { Hostname: name, Resources: { MemoryBytes: 2 * 1024 ** 3 } },
  Status: { State: "ready", Addr: `10.0.0.${id.length}` },
  ...extra,
});
const task = (nodeId: string, service: string, state = "running", desired = "running"): SwarmTask => ({
  NodeID: nodeId,
  ServiceID: service,
  DesiredState: desired,
  Status: { State: state },
});
const services = [
  {
    ID: "s1",
    Spec: { Name: "slipway-shop-web", Labels: { "slipway.app": "shop", "slipway.service": "web" } },
  },
  { ID: "s2", Spec: { Name: "other" } },
];

test("a node holds tasks that run or are on their way; shut-down and moving-away ones do not count", () => {
  const tasks = [
    task("n1", "s1"),
    task("n1", "s1", "starting"),
    task("n1", "s1", "shutdown", "shutdown"),
    task("n1", "s1", "running", "shutdown"),
    task("n1", "s2", "failed"),
    task("n2", "s2"),
  ];
  assert.equal(liveTasksOn(tasks, "n1").length, 2);
  assert.equal(describeTasks(liveTasksOn(tasks, "n1"), services), "shop/web x2");
  assert.equal(
    describeTasks([task("n2", "s2"), task("n2", "gone-service-id-123")], services),
    "other, gone-service",
  );
});

test("cluster:list rows: the manager first, free memory and disk where known, '-' where not", () => {
  const nodes = [
    node("bbb", "node-b"),
    node("aaa", "manager", "manager", { ManagerStatus: { Leader: true } }),
    node("ccc", "node-c", "worker", {
      Spec: { Role: "worker", Availability: "drain" },
      Status: { State: "down" },
    }),
  ];
  const rows = nodeRows(nodes, [task("bbb", "s1")], services, {
    bbb: { memory: 1536 * 1024 ** 2, disk: 10 * 1024 ** 3 },
  });
  assert.deepEqual(
    rows.map((r) => [r.node, r.role, r.state, r.availability, r.tasks, r.memory_free, r.disk_free]),
    [
      ["manager", "manager (leader)", "ready", "active", "-", "-", "-"],
      ["node-b", "worker", "ready", "active", "shop/web", "1.5 GB", "10.0 GB"],
      ["node-c", "worker", "down", "drain", "-", "-", "-"],
    ],
  );
  assert.equal(rows[1].memory_total, "2.0 GB");
});

test("free memory and disk are read from /proc/meminfo's kB and df -Pk's available column", () => {
  const text = "1048576\n/dev/vda1  41152736 20000000 19000000  52% /var/lib/docker\n";
  assert.deepEqual(parseNodeFree(text), { memory: 1024 ** 3, disk: 19000000 * 1024 });
  assert.deepEqual(parseNodeFree("garbage"), { memory: undefined, disk: undefined });
});

test("a node is found by hostname, id or unique id prefix; a miss or a tie is a SlipwayError", () => {
  const nodes = [node("abc123", "web-1"), node("abd456", "web-2")];
  assert.equal(findNode(nodes, "web-2").ID, "abd456");
  assert.equal(findNode(nodes, "abc").ID, "abc123");
  assert.equal(findNode(nodes, "abd456").ID, "abd456");
  assert.throws(
    () => findNode(nodes, "web-3"),
    (e: SlipwayError) => e.code === "no-node" && /web-1, web-2/.test(e.hint!),
  );
  assert.throws(
    () => findNode(nodes, "ab"),
    (e: SlipwayError) => e.code === "ambiguous-node",
  );
});
