// The Swarm scheduler (issue 16 B): an app moves to Swarm and back, and redeploys and rolls back there,
// under a bounded request loop with 0 failed requests. Exclusive: it puts the host engine into swarm
// mode. Run it through `npm run test:cluster` only.
import assert from "node:assert/strict";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { after, before, test } from "node:test";
import { BASE_IMAGE, buildTestImage, engine } from "../support/base-image.js";
import { spawn } from "node:child_process";
import { Harness, SLIPWAY_BIN, WorkTree, freePort, suiteLabels, type RunResult } from "../support/harness.js";
import { startLoadLoop } from "../support/load-loop.js";

const KV_IMAGE = "slipway-test/kv:1";
const KV_FILES = {
  Dockerfile: `FROM ${BASE_IMAGE}\nCOPY kv.sh /kv.sh\nCMD ["/kv.sh"]\n`,
  "kv.sh": `#!/bin/sh\n[ -f /data/value ] || echo "value-$RANDOM$RANDOM" > /data/value\nexec httpd -f -p 6379 -h /data\n`,
};

const h = new Harness();
let work: WorkTree;
let manager = "";
const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
const vhost = () => fs.readFileSync(path.join(h.dir, "vhosts", "demo.conf"), "utf8");

async function appServices(): Promise<{ name: string; service: string }[]> {
  const list = await engine.listServices({ filters: { label: [h.label, "slipway.app=demo"] } });
  return list.map((s) => ({ name: s.Spec!.Name!, service: s.Spec!.Labels!["slipway.service"] }));
}

/** Run `fn` under a bounded request loop through nginx; every request must succeed. */
async function underLoad(what: string, fn: () => Promise<void>): Promise<void> {
  const loop = startLoadLoop({
    port: h.nginxPort,
    host: `demo.${h.domain}`,
    path: "/greeting.txt",
    maxRequests: 20000,
    maxMs: 240_000,
  });
  try {
    await fn();
  } finally {
    const report = await loop.stop();
    assert.ok(report.sent > 20, `${what}: the loop sent only ${report.sent} requests`);
    assert.equal(report.failed, 0, `${what}: ${report.failed} of ${report.sent} failed: ${report.failures}`);
  }
}

before(async () => {
  const bridge = await engine.getNetwork("bridge").inspect();
  manager = bridge.IPAM?.Config?.[0]?.Gateway ?? "";
  assert.ok(manager, "the default bridge has no gateway address");
  await h.start();
  // One build kept for rollback, so a rebuild's push shows retention in the registry.
  const file = path.join(h.state, "settings.json");
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), keepReleases: 1 }));
  await buildTestImage(KV_IMAGE, KV_FILES, suiteLabels(h.id));
  work = await new WorkTree(h.clientEnv()).init("stack");
});

after(async () => {
  work?.remove();
  await h.slipway(["cluster:leave", "--force"]);
  await h.stop();
});

test("swarm is refused clearly while there is no cluster, and nothing changes", async () => {
  ok(await work.push(h.remoteUrl("demo")));
  const res = await h.slipway(["scheduler:set", "demo", "swarm"]);
  assert.equal(res.code, 1, res.stderr);
  assert.match(res.stderr, /not a cluster manager/);
  assert.match(res.stderr, /cluster:init/);
  assert.match(vhost(), /server 127\.0\.0\.1:\d+;/);
});

test("a running app moves to swarm with zero failed requests, keeping its data and discovery", async () => {
  const port = String(await freePort());
  ok(await h.slipway(["cluster:init", "--advertise-addr", manager, "--registry-port", port]));
  ok(await h.slipway(["ps:scale", "demo", "web=2"]));
  const before = await h.fetch("demo", "/cgi-bin/value");
  assert.match(before.body, /^value-\d+\n$/);
  await underLoad("moving to swarm", async () => ok(await h.slipway(["scheduler:set", "demo", "swarm"])));
  const services = await appServices();
  assert.deepEqual(services.map((s) => s.service).sort(), ["store", "web", "worker"]);
  const web = await engine.getService(services.find((s) => s.service === "web")!.name).inspect();
  assert.match(web.Spec.TaskTemplate.ContainerSpec.Image, new RegExp(`^${manager}:${port}/.+@sha256:`));
  assert.equal(web.Spec.Mode.Replicated.Replicas, 2);
  const upstreams = [...vhost().matchAll(/server (\d+\.\d+\.\d+\.\d+):(\d+);/g)].map((m) => m[1]);
  assert.deepEqual(upstreams, [manager, manager], "nginx routes to both tasks at the node's address");
  assert.equal((await h.fetch("demo", "/cgi-bin/value")).body, before.body, "the store kept its volume");
  const ps = await h.slipway(["ps:report", "demo"]);
  ok(ps);
  assert.match(ps.stdout, /^store .*\(pinned: volumes\)/m, "ps:report says the store is pinned");
  // A one-off runs on the manager, attached to the overlay: it resolves the swarm store by name.
  const one = await h.slipway(["run", "demo", "sh", "-c", "nslookup store"]);
  ok(one);
  assert.match(one.stdout, /Address:? (1: )?10\.213\.\d+\.\d+/);
  // enter execs into a task container on this server (both web tasks run on the manager here).
  const entered = await h.slipway(["enter", "demo", "web", "sh", "-c", "echo inside"]);
  ok(entered);
  assert.match(entered.stdout, /^inside$/m);
  // logs -f follows every task's output through the service logs.
  const logs = spawn(SLIPWAY_BIN, ["logs", "demo", "-f", "--service", "worker"], { env: h.env });
  let out = "";
  logs.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  for (let i = 0; i < 40 && !/^worker@swarm .*worker started$/m.test(out); i++)
    await new Promise((r) => setTimeout(r, 250));
  logs.kill();
  assert.match(out, /^worker@swarm +\| worker started$/m);
  // Without -f, the recent lines of the service logs, merged like a single server's.
  const recent = await h.slipway(["logs", "demo", "--service", "worker", "-n", "20"]);
  ok(recent);
  assert.match(recent.stdout, /^worker@swarm +\| worker started$/m);
});

test("redeploys and a rollback on swarm keep every request answered; retention prunes the registry", async () => {
  const name = (await appServices())[0].name;
  const image = (await engine.getService(name).inspect()).Spec.TaskTemplate.ContainerSpec.Image as string;
  const repo = image.replace(/^[^/]+\//, "").replace(/@.*$/, "");
  const before = await registryTags(repo);
  await underLoad("redeploys on swarm", async () => {
    work.write("web.sh", work.read("web.sh").replace("web v1", "web v2"));
    await work.commit("web v2");
    ok(await work.push(h.remoteUrl("demo")));
    for (const g of ["one", "two"]) ok(await h.slipway(["config:set", "demo", `GREETING=${g}`]));
    ok(await h.slipway(["rollback", "demo"]));
  });
  const after = await registryTags(repo);
  assert.equal(
    after.length,
    before.length,
    `keepReleases 1: the old web image left the registry (${before} -> ${after})`,
  );
  assert.notDeepEqual(after.sort(), before.sort());
  assert.equal((await h.fetch("demo", "/version.txt")).body, "web v2\n");
  // A rollback brings back the previous images and template; config stays as set.
  assert.equal((await h.fetch("demo", "/greeting.txt")).body, "two");
  const webs = async () => (await appServices()).filter((s) => s.service === "web").length;
  for (let i = 0; i < 40 && (await webs()) > 1; i++) await new Promise((r) => setTimeout(r, 500));
  assert.equal(await webs(), 1, "replaced releases retire after draining");
});

test("back to one server with zero failed requests; the swarm services retire", async () => {
  await underLoad("back to docker", async () => ok(await h.slipway(["scheduler:set", "demo", "docker"])));
  assert.match(vhost(), /server 127\.0\.0\.1:\d+;/);
  for (let i = 0; i < 60 && (await appServices()).length; i++) await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await appServices(), []);
});

test("destroy removes the app's services, its overlay network and its images in the registry", async () => {
  ok(await h.slipway(["scheduler:set", "demo", "swarm"]));
  const repo = (await engine.getService((await appServices())[0].name).inspect()).Spec.TaskTemplate
    .ContainerSpec.Image as string;
  const name = repo.replace(/^[^/]+\//, "").replace(/@.*$/, "");
  assert.ok((await registryTags(name)).length > 0, "the app's images are in the registry");
  ok(await h.slipway(["apps:destroy", "demo", "--force"]));
  assert.deepEqual(await appServices(), []);
  const nets = await engine.listNetworks({ filters: { label: [h.label, "slipway.app=demo"] } });
  assert.deepEqual(
    nets.map((n) => n.Name),
    [],
  );
  assert.deepEqual(await registryTags(name), [], "its manifests are deleted from the registry");
});

/** The tags a registry repository still has, through the cluster CA and credentials. */
async function registryTags(name: string): Promise<string[]> {
  const cluster = JSON.parse(fs.readFileSync(path.join(h.state, "cluster", "cluster.json"), "utf8"));
  const creds = JSON.parse(fs.readFileSync(cluster.registry.credentialsFile, "utf8"));
  const [host, port] = cluster.registry.address.split(":");
  const auth = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
  const ca = fs.readFileSync(cluster.registry.caFile);
  const body = await new Promise<string>((resolve, reject) => {
    const req = https.get(
      { host, port, path: `/v2/${name}/tags/list`, ca, headers: { Authorization: auth }, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(res.statusCode === 404 ? "{}" : Buffer.concat(chunks).toString("utf8")));
      },
    );
    req.once("timeout", () => req.destroy(new Error("registry request timed out")));
    req.once("error", reject);
  });
  return (JSON.parse(body) as { tags?: string[] | null }).tags ?? [];
}
