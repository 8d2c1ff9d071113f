// The cluster (issue 16): cluster:init, cluster:add over ssh, join-command, list, drain, remove, leave.
// Exclusive: it puts the host engine into swarm mode. Run it through `npm run test:cluster` only.
import assert from "node:assert/strict";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { BASE_IMAGE, engine, ensureBaseImage } from "../support/base-image.js";
import { startNode, stopNode, type ClusterNode } from "../support/cluster-node.js";
import { freePort, Harness, run } from "../support/harness.js";
import { nodeHealth } from "../../src/daemon/dashboard/node-health.js";

const h = new Harness();
const nodes: ClusterNode[] = [];
const key = () => path.join(h.dir, "node_key");
let manager = "";
let registryPort = 0;
const registry = () => `${manager}:${registryPort}`;
let ca: Buffer | undefined;
const probeImage = () => `${registry()}/cluster-probe:1`;

interface Row {
  node: string;
  role: string;
  state: string;
  availability: string;
  tasks: string;
  memory_free: string;
  disk_free: string;
}

async function list(): Promise<Row[]> {
  const res = await h.slipway(["cluster:list", "--json"]);
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout) as Row[];
}

/** Poll, bounded, until `ok` holds for cluster:list's rows. */
async function listUntil(what: string, ok: (rows: Row[]) => boolean, seconds = 60): Promise<Row[]> {
  let rows: Row[] = [];
  for (let i = 0; i < seconds; i++) {
    rows = await list();
    if (ok(rows)) return rows;
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.fail(`${what} within ${seconds} s; cluster:list says ${JSON.stringify(rows, null, 1)}`);
}

/** GET /v2/ from the registry with the cluster CA, with or without its credentials. */
function registryStatus(auth?: string): Promise<number> {
  ca ??= fs.readFileSync(path.join(h.state, "cluster", "ca.crt")); // kept: cluster:leave removes the file
  const headers = auth ? { Authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {};
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: manager, port: registryPort, path: "/v2/", ca, headers, timeout: 5000 },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once("timeout", () => req.destroy(new Error("registry request timed out")));
    req.once("error", reject);
  });
}

function credentials(): { username: string; password: string } {
  return JSON.parse(fs.readFileSync(path.join(h.state, "cluster", "registry-credentials.json"), "utf8"));
}

before(async () => {
  // docker0's address (node containers reach the host there); read from Docker, as the link may be down.
  const bridge = await engine.getNetwork("bridge").inspect();
  manager = bridge.IPAM?.Config?.[0]?.Gateway ?? "";
  assert.ok(manager, "the default bridge has no gateway address");
  registryPort = await freePort();
  await h.start();
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key()]);
  const pub = fs.readFileSync(`${key()}.pub`, "utf8");
  await ensureBaseImage();
  for (const n of [1, 2])
    nodes.push(await startNode(`slipway-node-${h.id}-${n}`, pub, { "slipway.test-run": h.id }));
});

after(async () => {
  await h.slipway(["cluster:leave", "--force"]);
  for (const node of nodes) await stopNode(node);
  await engine
    .getImage(probeImage())
    .remove({ force: true })
    .catch(() => {});
  await h.stop();
});

test("cluster:init makes a swarm manager with a TLS registry that needs its password", async () => {
  fs.chownSync(h.state, 65534, 65534); // as the git user owns /var/lib/slipway, nobody owns this state
  const res = await h.slipway([
    "cluster:init",
    "--advertise-addr",
    manager,
    "--registry-port",
    String(registryPort),
  ]);
  assert.equal(res.code, 0, res.stderr);
  for (const port of ["2377/tcp", "7946/tcp", "7946/udp", "4789/udp", `${registryPort}/tcp`])
    assert.match(res.stderr, new RegExp(port.replace("/", "\\/")), `cluster:init names ${port}`);
  const info = await engine.info();
  assert.equal(info.Swarm.LocalNodeState, "active");
  assert.equal(info.Swarm.NodeAddr, manager);
  assert.equal(await registryStatus(), 401, "the registry asks for a login");
  const { username, password } = credentials();
  assert.equal(await registryStatus(`${username}:${password}`), 200);
  assert.equal(await registryStatus(`${username}:wrong`), 401);
  const credFile = path.join(h.state, "cluster", "registry-credentials.json");
  assert.equal(fs.statSync(credFile).mode & 0o777, 0o600);
  // The state's owner (who pushes) reads the credentials, but not what the root-run registry reads.
  const asOwner = (argv: string[]) =>
    run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...argv]);
  assert.equal((await asOwner(["cat", credFile])).code, 0, "the state owner reads the credentials");
  assert.notEqual((await asOwner(["cat", path.join(h.state, "cluster", "registry.key")])).code, 0);
  assert.notEqual((await asOwner(["rm", "-f", path.join(h.state, "cluster", "registry.yml")])).code, 0);
  assert.ok(
    !res.stderr.includes(password) && !res.stdout.includes(password),
    "the password is never printed",
  );
  // The host engine trusts the CA for this registry and pushes with the credentials: what builds will do.
  await engine.getImage(BASE_IMAGE).tag({ repo: `${registry()}/cluster-probe`, tag: "1" });
  const push = await run(["docker", "push", probeImage()]);
  assert.notEqual(push.code, 0, "an anonymous push is refused");
  const stream = await engine
    .getImage(probeImage())
    .push({ authconfig: { username, password, serveraddress: registry() } } as never);
  const events: Array<{ error?: string }> = await new Promise((resolve, reject) =>
    engine.modem.followProgress(stream as never, (err: Error | null, out: Array<{ error?: string }>) =>
      err ? reject(err) : resolve(out),
    ),
  );
  assert.equal(events.find((e) => e.error)?.error, undefined, "the authenticated push succeeds");
});

test("running cluster:init again keeps the swarm, the CA, the password and the registry", async () => {
  const ca = fs.readFileSync(path.join(h.state, "cluster", "ca.crt"), "utf8");
  const before = credentials();
  const nodeId = (await engine.info()).Swarm.NodeID;
  const res = await h.slipway(["cluster:init"]);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(fs.readFileSync(path.join(h.state, "cluster", "ca.crt"), "utf8"), ca);
  assert.deepEqual(credentials(), before);
  assert.equal((await engine.info()).Swarm.NodeID, nodeId);
  assert.equal(await registryStatus(`${before.username}:${before.password}`), 200);
  const other = await h.slipway(["cluster:init", "--advertise-addr", "127.0.0.1"]);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /already a swarm manager advertising/);
});

test("cluster:add with a bad host or an unreachable one fails clearly and changes nothing", async () => {
  const bad = await h.slipway(["cluster:add", "root@bad host"]);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /is not USER@HOST/);
  const closed = await freePort();
  const gone = await h.slipway([
    "cluster:add",
    "root@127.0.0.1",
    "--ssh-port",
    String(closed),
    "--ssh-key",
    key(),
  ]);
  assert.equal(gone.code, 1, gone.stderr);
  assert.match(gone.stderr, / ! {5}could not reach root@127\.0\.0\.1 over ssh/);
  assert.match(gone.stderr, /--ssh-key/, "the hint says what to check");
  assert.doesNotMatch(gone.stderr, /bug in Slipway|at .*\.js:\d+/);
  assert.equal((await list()).length, 1, "only the manager is in the cluster");
});

test("cluster:add joins a node over ssh; join-command's printed steps join another by hand", async () => {
  const add = await h.slipway(["cluster:add", `root@${nodes[0].address}`, "--ssh-key", key()]);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stderr, /joined the cluster as worker/);
  const join = await h.slipway(["cluster:join-command"]);
  assert.equal(join.code, 0, join.stderr);
  const token = (await run(["docker", "swarm", "join-token", "-q", "worker"])).stdout.trim();
  assert.ok(join.stdout.includes(`docker swarm join --token ${token} ${manager}:2377`));
  assert.match(join.stdout, /SECRET/);
  assert.ok(!join.stdout.includes(credentials().password), "join-command never prints the registry password");
  // By hand: the printed text, run by a root shell on the second node.
  const byHand = await run(["docker", "exec", "-i", nodes[1].id, "sh", "-e"], { input: join.stdout });
  assert.equal(byHand.code, 0, byHand.stderr);
  const rows = await listUntil("both nodes ready", (r) => r.filter((n) => n.state === "ready").length === 3);
  const workers = rows.filter((r) => r.role === "worker");
  assert.deepEqual(workers.map((w) => w.node).sort(), nodes.map((n) => n.name).sort());
  assert.equal(rows[0].role, "manager (leader)");
  const table = await h.slipway(["cluster:list"]);
  assert.match(table.stdout, /^NODE +ROLE +STATE +AVAILABILITY +ADDRESS +TASKS +MEMORY_FREE +DISK_FREE$/m);
  assert.equal(table.stdout.trim().split("\n").length, 4, "a header and three nodes");
  // The dashboard's overview shows the same nodes among an admin's server health (read from this state).
  process.env.SLIPWAY_STATE = h.state;
  const shown = await nodeHealth();
  assert.deepEqual(
    shown.map((l) => [l.name.replace(/^node /, ""), l.light]).sort(),
    rows.map((r) => [r.node, "green"]).sort(),
  );
  const added = workers.find((w) => w.node === nodes[0].name)!;
  assert.match(added.memory_free, /\d+(\.\d)? [KMG]B/, "free memory is read over ssh");
  assert.match(added.disk_free, /\d+(\.\d)? [KMG]B/);
  // Both nodes pull from the registry through the CA they now trust; the second one logs in first.
  const pull = await run(["docker", "exec", nodes[0].id, "docker", "pull", probeImage()]);
  assert.equal(pull.code, 0, pull.stderr);
  // Adding a node that already joined only records how to reach it.
  const again = await h.slipway(["cluster:add", `root@${nodes[1].address}`, "--ssh-key", key()]);
  assert.equal(again.code, 0, again.stderr);
});

test("drain moves tasks off a node, remove takes it out, leave waits for an empty cluster", async () => {
  const { username, password } = credentials();
  await engine.createService(
    { username, password, serveraddress: registry() } as never,
    {
      Name: `cluster-probe-${h.id}`,
      Labels: { "slipway.app": "probe", "slipway.service": "web" },
      TaskTemplate: {
        ContainerSpec: { Image: probeImage(), Command: ["sleep", "3600"] },
        Placement: { Constraints: ["node.role==worker"] },
      },
      Mode: { Replicated: { Replicas: 2 } },
    } as never,
  );
  const [first, second] = nodes.map((n) => n.name);
  await listUntil("a probe task on each worker", (rows) =>
    rows.filter((r) => r.role === "worker").every((r) => r.tasks === "probe/web"),
  );
  const self = await h.slipway(["cluster:drain", os.hostname()]);
  assert.equal(self.code, 1);
  assert.match(self.stderr, /is this server, the manager/);
  const drain = await h.slipway(["cluster:drain", first]);
  assert.equal(drain.code, 0, drain.stderr);
  const rows = await listUntil(
    "both tasks on the second node",
    (r) => r.find((n) => n.node === second)?.tasks === "probe/web x2",
  );
  assert.equal(rows.find((r) => r.node === first)?.availability, "drain");
  assert.equal(rows.find((r) => r.node === first)?.tasks, "-");
  const undrain = await h.slipway(["cluster:undrain", first]);
  assert.equal(undrain.code, 0, undrain.stderr);
  assert.equal((await list()).find((r) => r.node === first)?.availability, "active");
  const remove = await h.slipway(["cluster:remove", first]);
  assert.equal(remove.code, 0, remove.stderr);
  assert.deepEqual(
    (await list()).map((r) => r.node).sort(),
    [os.hostname(), second].sort(),
    "the removed node is gone",
  );
  const unknown = await h.slipway(["cluster:drain", "no-such-node"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no node named no-such-node/);
  const busy = await h.slipway(["cluster:leave"]);
  assert.equal(busy.code, 1);
  assert.match(busy.stderr, /swarm service\(s\) still run/);
  await engine.getService(`cluster-probe-${h.id}`).remove();
  const remove2 = await h.slipway(["cluster:remove", second]);
  assert.equal(remove2.code, 0, remove2.stderr);
  const leave = await h.slipway(["cluster:leave"]);
  assert.equal(leave.code, 0, leave.stderr);
  assert.equal((await engine.info()).Swarm.LocalNodeState, "inactive");
  assert.ok(!fs.existsSync(`/etc/docker/certs.d/${registry()}`), "the CA trust is gone");
  await assert.rejects(registryStatus(), "the registry is stopped");
});
