import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BASE_IMAGE, buildTestImage, engine } from "../support/base-image.js";
import { Harness, WorkTree, fetchVia, freePort, suiteLabels, type RunResult } from "../support/harness.js";

// A datastore-like image: keeps one value in its volume and serves it over HTTP on 6379.
const KV_IMAGE = "slipway-test/kv:1";
const KV_FILES = {
  Dockerfile: `FROM ${BASE_IMAGE}\nCOPY kv.sh /kv.sh\nCMD ["/kv.sh"]\n`,
  "kv.sh": `#!/bin/sh\n[ -f /data/value ] || echo "value-$RANDOM$RANDOM" > /data/value\nexec httpd -f -p 6379 -h /data\n`,
};

interface PsRow {
  service: string;
  container: string;
  state: string;
}

describe("slipway.yml: one template, two deployments wired by service discovery", () => {
  const h = new Harness();
  let work: WorkTree;
  const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
  const ps = async (app: string): Promise<PsRow[]> =>
    JSON.parse((await h.slipway(["ps:report", app, "--json"])).stdout);
  const containerOf = async (app: string, service: string) =>
    (await ps(app)).find((r) => r.service === service)!.container;
  const exec = async (container: string, cmd: string[]) => {
    const ex = await engine
      .getContainer(container)
      .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await ex.start({});
    const out: Buffer[] = [];
    const done = new Promise((r) => stream.on("end", r));
    engine.modem.demuxStream(
      stream,
      { write: (b: Buffer) => out.push(b) } as never,
      { write: () => {} } as never,
    );
    await done;
    return { code: (await ex.inspect()).ExitCode, out: Buffer.concat(out).toString("utf8") };
  };

  before(async () => {
    await h.start();
    await buildTestImage(KV_IMAGE, KV_FILES, suiteLabels(h.id));
    work = await new WorkTree(h.clientEnv()).init("stack");
    ok(await h.slipway(["apps:create", "demo-staging"]));
    ok(await h.slipway(["config:set", "demo-staging", "GREETING=from staging"]));
  });
  after(async () => {
    work?.remove();
    await h.stop();
  });

  it("deploys the same template as demo and demo-staging, dependencies first", async () => {
    const push = await work.push(h.remoteUrl("demo"));
    ok(push);
    assert.match(push.stderr, /Plan: store added · web added · worker added/);
    ok(await work.push(h.remoteUrl("demo-staging")));
  });

  it("web reads the store it finds through STORE_HOST/STORE_PORT, and each deployment has its own data and config", async () => {
    const demo = await h.fetch("demo", "/cgi-bin/value");
    const staging = await h.fetch("demo-staging", "/cgi-bin/value");
    assert.equal(demo.status, 200);
    assert.match(demo.body, /^value-\d+\n$/);
    assert.match(staging.body, /^value-\d+\n$/);
    assert.notEqual(demo.body, staging.body, "separate volumes");
    assert.equal((await h.fetch("demo", "/greeting.txt")).body, "hello");
    assert.equal((await h.fetch("demo-staging", "/greeting.txt")).body, "from staging");
  });

  it("a deployment can neither resolve nor reach the other's services", async () => {
    const web = await containerOf("demo", "web");
    const otherStore = await containerOf("demo-staging", "store");
    const ipOf = async (id: string) =>
      Object.values((await engine.getContainer(id).inspect()).NetworkSettings.Networks)[0].IPAddress;
    const get = (ip: string) =>
      exec(web, ["/bin/sh", "-c", `printf "GET /value HTTP/1.0\\r\\n\\r\\n" | nc -w 2 ${ip} 6379`]);
    assert.equal((await exec(web, ["nslookup", "store"])).code, 0, "its own store resolves");
    assert.notEqual(
      (await exec(web, ["nslookup", otherStore])).code,
      0,
      "the other's container name does not",
    );
    assert.match(
      (await get(await ipOf(await containerOf("demo", "store")))).out,
      /200 OK/,
      "its own store answers",
    );
    assert.equal((await get(await ipOf(otherStore))).out, "", "the other's store is unreachable");
  });

  it("a push that changes web only leaves the store's container and data alone", async () => {
    const store = await containerOf("demo", "store");
    const value = (await h.fetch("demo", "/cgi-bin/value")).body;
    work.write("web.sh", fs.readFileSync(path.join(work.dir, "web.sh"), "utf8").replace("web v1", "web v2"));
    await work.commit("web v2");
    const push = await work.push(h.remoteUrl("demo"));
    ok(push);
    assert.match(push.stderr, /Plan: store unchanged · web rebuilt · worker rebuilt/);
    assert.equal((await h.fetch("demo", "/version.txt")).body, "web v2\n");
    assert.equal(await containerOf("demo", "store"), store);
    assert.equal((await h.fetch("demo", "/cgi-bin/value")).body, value);
  });

  it("the store's data survives its own replacement", async () => {
    const value = (await h.fetch("demo", "/cgi-bin/value")).body;
    const store = await containerOf("demo", "store");
    ok(await h.slipway(["ps:restart", "demo", "store"]));
    assert.notEqual(await containerOf("demo", "store"), store);
    assert.equal((await h.fetch("demo", "/cgi-bin/value")).body, value);
  });

  it("hostile config values reach the container byte for byte and are never printed", async () => {
    const hostile = `line1\nline2 "double" 'single' $(touch /tmp/pwned) \${HOME} \`id\` back\\slash =eq`;
    const store = await containerOf("demo", "store");
    const set = await h.slipway(["config:set", "demo", `WEIRD=${hostile}`]);
    ok(set);
    assert.match(
      set.stderr,
      /Plan: store unchanged · web restarted \(env changed\) · worker restarted \(env changed\)/,
    );
    const stdinSet = await h.slipway(
      ["config:set", "demo", "PEMISH", "--stdin"],
      "-----BEGIN X-----\nabc\n-----END X-----\n",
    );
    ok(stdinSet);
    for (const out of [set, stdinSet])
      assert.ok(
        !`${out.stdout}${out.stderr}`.includes("line2") && !`${out.stdout}${out.stderr}`.includes("BEGIN X"),
        "values never printed",
      );
    const web = await containerOf("demo", "web");
    const printenv = async (name: string) => (await exec(web, ["/bin/sh", "-c", `printf %s "$${name}"`])).out;
    assert.equal(await printenv("WEIRD"), hostile);
    assert.equal(await printenv("PEMISH"), "-----BEGIN X-----\nabc\n-----END X-----\n");
    assert.equal((await exec(web, ["ls", "/tmp/pwned"])).code !== 0, true, "nothing was executed");
    assert.equal(
      await containerOf("demo", "store"),
      store,
      "config never restarts an image service that does not use it",
    );
    assert.equal((await h.slipway(["config:get", "demo", "WEIRD"])).stdout, hostile);
    const names = JSON.parse((await h.slipway(["config", "demo", "--json"])).stdout).map(
      (r: { name: string }) => r.name,
    );
    assert.deepEqual(names, ["PEMISH", "WEIRD"]);
    const mode = fs.statSync(path.join(h.state, "apps", "demo", "config.json")).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  it("scales web to two containers behind nginx, and back", async () => {
    ok(await h.slipway(["ps:scale", "demo", "web=2"]));
    const webs = (await ps("demo")).filter((r) => r.service === "web");
    assert.equal(webs.length, 2);
    assert.ok(webs.every((r) => r.state === "running"));
    for (let i = 0; i < 4; i++) assert.equal((await h.fetch("demo", "/version.txt")).status, 200);
    ok(await h.slipway(["ps:scale", "demo", "web=1"]));
    assert.equal((await ps("demo")).filter((r) => r.service === "web").length, 1);
  });

  it("rejects a broken template with file:line:column errors, and changes nothing", async () => {
    const before = await h.slipway(["ps:report", "demo", "--json"]);
    const yml = 'services:\n  web:\n    prots: {http: 5000}\n    command: ["sh"]\n    env: {A: "${NOPE}"}\n';
    work.write("slipway.yml", yml);
    await work.commit("broken template");
    const push = await work.push(h.remoteUrl("demo"));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /slipway\.yml:3:5 services\.web\.prots: unknown key; did you mean "ports"\?/);
    assert.match(
      push.stderr,
      /slipway\.yml:4:5 services\.web\.command: unknown key; did you mean "cmd"\? \(compose's command\)/,
    );
    assert.match(push.stderr, /pre-receive hook declined/);
    assert.equal((await h.slipway(["ps:report", "demo", "--json"])).stdout, before.stdout);
    assert.equal((await h.fetch("demo", "/version.txt")).body, "web v2\n");
  });

  it("rejects an undefined variable before building", async () => {
    work.write("slipway.yml", 'services:\n  web:\n    env: {A: "${NOPE}"}\n');
    await work.commit("undefined variable");
    const push = await work.push(h.remoteUrl("demo"));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /services\.web: env A uses \$\{NOPE\}, which is not set/);
    assert.doesNotMatch(push.stderr, /Building/);
    await work.git(["reset", "-q", "--hard", "HEAD~2"]);
  });

  it("stops a service removed from the template and keeps the others", async () => {
    const store = await containerOf("demo", "store");
    const yml = fs.readFileSync(path.join(work.dir, "slipway.yml"), "utf8");
    work.write("slipway.yml", yml.replace("  worker:\n    cmd: exec /app/worker.sh\n", ""));
    await work.commit("no worker");
    const push = await work.push(h.remoteUrl("demo"));
    ok(push);
    // web's build context holds slipway.yml, so it builds; every step comes from the cache, the image
    // is the one it runs, and only its environment (no WORKER_* any more) differs.
    assert.match(push.stderr, /Plan: store unchanged · web restarted \(env changed\) · worker removed/);
    assert.deepEqual((await ps("demo")).map((r) => r.service).sort(), ["store", "web"]);
    assert.equal(await containerOf("demo", "store"), store);
  });

  it("deploys an image-only template without git, and refuses a public port another deployment holds", async () => {
    const port = await freePort();
    const file = path.join(os.tmpdir(), `slipway-kv-${h.id}.yml`);
    fs.writeFileSync(
      file,
      `services:\n  store:\n    image: ${KV_IMAGE}\n    ports: {kv: 6379}\n    volumes: {data: /data}\n    publish: {"${port}": kv}\n`,
    );
    try {
      ok(await h.slipway(["deploy", file, "kv-one"]));
      assert.equal((await ps("kv-one"))[0].state, "running");
      const ports = JSON.parse((await h.slipway(["ports:report", "kv-one", "--json"])).stdout);
      assert.deepEqual(ports, [{ service: "store", public: `0.0.0.0:${port}`, container: 6379 }]);
      assert.match(
        (await fetchVia(port, "any", "/value")).body,
        /^value-\d+\n$/,
        "the published port reaches the service",
      );
      const clash = await h.slipway(["deploy", file, "kv-two"]);
      assert.equal(clash.code, 1);
      assert.match(
        clash.stderr,
        new RegExp(`host port ${port} \\(services.store.publish\\) is already published by kv-one/store`),
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("apps:destroy keeps volumes unless --volumes is given", async () => {
    const volumes = async () =>
      (await engine.listVolumes({ filters: { label: [`slipway.app=demo-staging`, h.label] } })).Volumes ?? [];
    ok(await h.slipway(["apps:destroy", "demo-staging", "--force"]));
    assert.equal((await volumes()).length, 1);
    ok(await work.push(h.remoteUrl("demo-staging")));
    ok(await h.slipway(["apps:destroy", "demo-staging", "--force", "--volumes"]));
    assert.equal((await volumes()).length, 0);
  });
});
