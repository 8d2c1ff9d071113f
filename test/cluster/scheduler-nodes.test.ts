// The Swarm scheduler over a manager and 2 node containers (issue 16 B): replicas on different nodes,
// discovery across nodes, redeploys and a rollback with 0 failed requests, a lost node's tasks coming
// back elsewhere with nginx following, drain, destroy. Exclusive (swarm mode): `npm run test:cluster`.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { BASE_IMAGE, buildTestImage, engine } from "../support/base-image.js";
import { startNode, stopNode, type ClusterNode } from "../support/cluster-node.js";
import { Daemon } from "../support/daemon.js";
import { Harness, WorkTree, freePort, run, suiteLabels, type RunResult } from "../support/harness.js";
import { startLoadLoop, type LoadReport } from "../support/load-loop.js";

const KV_IMAGE = "slipway-test/kv:1";
const KV_FILES = {
  Dockerfile: `FROM ${BASE_IMAGE}\nCOPY kv.sh /kv.sh\nCMD ["/kv.sh"]\n`,
  "kv.sh": `#!/bin/sh\n[ -f /data/value ] || echo "value-$RANDOM$RANDOM" > /data/value\nexec httpd -f -p 6379 -h /data\n`,
};

const h = new Harness();
const daemon = new Daemon(h);
const nodes: ClusterNode[] = [];
let work: WorkTree;
const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const vhost = () => fs.readFileSync(path.join(h.dir, "vhosts", "demo.conf"), "utf8");
/** The addresses nginx sends the web service's requests to. */
const webUpstreams = () =>
  [...(/upstream slipway-demo_web \{([^}]*)\}/.exec(vhost())?.[1] ?? "").matchAll(/server ([\d.:]+);/g)].map(
    (m) => m[1],
  );

async function webTasks(): Promise<{ node: string; address: string }[]> {
  const filters = { label: [h.label, "slipway.app=demo", "slipway.service=web"] };
  // The live release's service: a replaced one may still be draining.
  const [live] = (await engine.listServices({ filters })).sort(
    (a, b) => Number(b.Spec!.Labels!["slipway.release"]) - Number(a.Spec!.Labels!["slipway.release"]),
  );
  const tasks = await engine.listTasks({
    filters: { service: [live.Spec!.Name!], "desired-state": ["running"] },
  });
  const byId = new Map((await engine.listNodes()).map((n) => [n.ID, n]));
  return tasks
    .filter((t) => t.Status?.State === "running")
    .map((t) => ({
      node: byId.get(t.NodeID!)!.Description!.Hostname!,
      address: byId.get(t.NodeID!)!.Status!.Addr!,
    }));
}

function load() {
  return startLoadLoop({
    port: h.nginxPort,
    host: `demo.${h.domain}`,
    path: "/greeting.txt",
    maxRequests: 40000,
    maxMs: 300_000,
  });
}

/** Poll, bounded, until nginx routes web to 2 tasks, none on `gone`; resolves with the seconds it took. */
async function nginxFollows(gone: string, t0: number, seconds = 90): Promise<number> {
  for (let i = 0; i < seconds * 4; i++) {
    const ups = webUpstreams();
    if (ups.length === 2 && !ups.some((u) => u.startsWith(`${gone}:`))) return (Date.now() - t0) / 1000;
    await sleep(250);
  }
  assert.fail(`nginx still routes to ${gone} after ${seconds}s: ${webUpstreams()}`);
}

before(async () => {
  const bridge = await engine.getNetwork("bridge").inspect();
  const manager = bridge.IPAM?.Config?.[0]?.Gateway ?? "";
  await h.start();
  const key = path.join(h.dir, "node_key");
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key]);
  await buildTestImage(KV_IMAGE, KV_FILES, suiteLabels(h.id));
  const port = String(await freePort());
  ok(await h.slipway(["cluster:init", "--advertise-addr", manager, "--registry-port", port]));
  for (const n of [1, 2]) {
    const node = await startNode(`slipway-node-${h.id}-${n}`, fs.readFileSync(`${key}.pub`, "utf8"), {
      "slipway.test-run": h.id,
    });
    nodes.push(node);
    ok(await h.slipway(["cluster:add", `root@${node.address}`, "--ssh-key", key]));
  }
  await daemon.start();
  work = await new WorkTree(h.clientEnv()).init("stack");
});

after(async () => {
  work?.remove();
  await daemon.stop?.();
  await h.slipway(["cluster:leave", "--force"]);
  for (const node of nodes) await stopNode(node);
  await h.stop();
});

test("a swarm app's web replicas land on different nodes and find the store across nodes", async () => {
  ok(await h.slipway(["apps:create", "demo"]));
  ok(await h.slipway(["scheduler:set", "demo", "swarm"]));
  ok(await work.push(h.remoteUrl("demo")));
  ok(await h.slipway(["ps:scale", "demo", "web=2"]));
  const tasks = await webTasks();
  assert.equal(tasks.length, 2);
  assert.notEqual(tasks[0].node, tasks[1].node, "spread over nodes");
  assert.deepEqual(
    webUpstreams()
      .map((u) => u.replace(/:\d+$/, ""))
      .sort(),
    tasks.map((t) => t.address).sort(),
    "nginx routes to each task at its node's address",
  );
  // The store is pinned to the manager (its volume is there): at least one web task reads it across nodes.
  assert.ok(
    tasks.some((t) => t.node !== os.hostname()),
    "a web task runs on a node container",
  );
  const values = new Set<string>();
  for (let i = 0; i < 6; i++) values.add((await h.fetch("demo", "/cgi-bin/value")).body);
  assert.equal(values.size, 1, `every web task reads the one store: ${[...values]}`);
  assert.match([...values][0], /^value-\d+\n$/);
  const report = await h.slipway(["ps:report", "demo"]);
  ok(report);
  assert.match(report.stdout + report.stderr, /pinned/);
});

test("5 redeploys and a rollback across nodes answer every request", async () => {
  const loop = load();
  let report: LoadReport | undefined;
  try {
    for (let i = 1; i <= 5; i++) ok(await h.slipway(["config:set", "demo", `GREETING=g${i}`]));
    ok(await h.slipway(["rollback", "demo"]));
  } finally {
    report = await loop.stop();
  }
  assert.ok(report.sent > 50, `only ${report.sent} requests`);
  assert.equal(report.failed, 0, `${report.failed} of ${report.sent} failed: ${report.failures}`);
});

test("a lost node's web task comes back elsewhere and nginx follows; then drain", async (t) => {
  // At most one of the 2 spread tasks is on the manager: a node container runs the other.
  const onNode = (await webTasks()).find((w) => nodes.some((n) => n.name === w.node))!;
  const lost = nodes.find((n) => n.name === onNode.node)!;
  const loop = load();
  const t0 = Date.now();
  await engine.getContainer(lost.id).kill();
  const seconds = await nginxFollows(lost.address, t0);
  const report = await loop.stop();
  t.diagnostic(
    `node loss: nginx followed in ${seconds.toFixed(1)} s; ${report.failed} of ${report.sent} requests failed`,
  );
  assert.ok(seconds < 30, `nginx followed within 30 s (took ${seconds.toFixed(1)} s)`);
  assert.equal((await h.fetch("demo", "/greeting.txt")).status, 200);
  const other = nodes.find((n) => n !== lost)!;
  const drainLoop = load();
  const d0 = Date.now();
  ok(await h.slipway(["cluster:drain", other.name]));
  const drained = await nginxFollows(other.address, d0);
  const dr = await drainLoop.stop();
  t.diagnostic(
    `drain: nginx followed in ${drained.toFixed(1)} s; ${dr.failed} of ${dr.sent} requests failed`,
  );
  assert.ok(
    (await webTasks()).every((w) => w.node !== other.name),
    "no web task is left on the drained node",
  );
});

test("destroy removes the app's services and networks on the cluster", async () => {
  ok(await h.slipway(["apps:destroy", "demo", "--force"]));
  assert.deepEqual(await engine.listServices({ filters: { label: [h.label, "slipway.app=demo"] } }), []);
  const nets = await engine.listNetworks({ filters: { label: [h.label, "slipway.app=demo"] } });
  assert.deepEqual(
    nets.map((n) => `${n.Name} (${n.Driver})`),
    [],
  );
});
