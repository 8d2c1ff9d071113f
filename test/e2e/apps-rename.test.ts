import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fetchVia, run, useServerWithApp, type RunResult } from "../support/harness.js";
import { startLoadLoop } from "../support/load-loop.js";

// A web service and a stateful one that writes a seed into its volume once, when it is empty.
const TEMPLATE = `services:
  web:
    build: .
    cmd: exec httpd -f -p "$PORT_HTTP" -h /www
    ports: {http: assign}
  store:
    build: .
    cmd: "test -f /data/seed || head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \\\\n' > /data/seed; exec sleep 100000"
    volumes: {data: /data}
`;
const DOMAIN = "www.shop.test";

describe("apps:rename and apps:clone", () => {
  const { h, work } = useServerWithApp("hello");
  const ok = (res: RunResult) => assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
  const volume = (app: string) => `slipway-test-${h.id}-${app}.data`;
  const seed = async (app: string) =>
    (
      await run([
        "docker",
        "run",
        "--rm",
        "-v",
        `${volume(app)}:/d`,
        "slipway-test/busybox:1",
        "cat",
        "/d/seed",
      ])
    ).stdout;
  const containers = async (app: string) =>
    (
      await run([
        "docker",
        "ps",
        "-aq",
        "--filter",
        `label=${h.label}`,
        "--filter",
        `label=slipway.app=${app}`,
      ])
    ).stdout.trim();
  const apps = async () =>
    JSON.parse((await h.ssh("apps:list --json")).stdout).map((a: { name: string }) => a.name);
  let original = "";

  it("renames under load: custom domain keeps answering, data, config and repo move, the old app is gone", async (t) => {
    work().write("slipway.yml", TEMPLATE);
    await work().commit("web and store");
    ok(await work().push(h.remoteUrl("shop")));
    ok(await h.ssh(`domains:add shop ${DOMAIN}`));
    ok(await h.ssh("config:set shop GREETING=kept --no-restart"));
    original = await seed("shop");
    assert.match(original, /^[0-9a-f]{16}$/);
    const loop = startLoadLoop({
      port: h.nginxPort,
      host: DOMAIN,
      maxRequests: 20_000,
      maxMs: 120_000,
      clients: 2,
    });
    const renamed = await h.ssh("apps:rename shop boutique");
    const report = await loop.stop();
    ok(renamed);
    assert.match(renamed.stderr, /default host is now boutique\.e2e\.test \(was shop\.e2e\.test\)/);
    t.diagnostic(
      `${report.sent} requests to ${DOMAIN} during the rename, ${report.failed} failed, p99 ${Math.round(report.p99Ms)} ms`,
    );
    assert.ok(report.sent >= 20, `only ${report.sent} requests were sent`);
    assert.equal(
      report.failed,
      0,
      `${report.failed} of ${report.sent} failed: ${report.failures.join("; ")}`,
    );
    assert.equal(await seed("boutique"), original, "the volume's data moved");
    assert.deepEqual(await apps(), ["boutique"]);
    assert.equal((await h.ssh("config:get boutique GREETING")).stdout.trim(), "kept");
    assert.equal((await fetchVia(h.nginxPort, DOMAIN)).status, 200);
    assert.equal((await h.fetch("boutique")).status, 200);
    assert.equal(await containers("shop"), "", "the old app's containers are gone");
    assert.equal(
      (await run(["docker", "volume", "inspect", volume("shop")])).code,
      1,
      "the old volume is gone",
    );
    assert.ok(
      !fs.existsSync(path.join(h.dir, "repos", "shop.git")) &&
        !fs.existsSync(path.join(h.state, "apps", "shop")),
    );
    work().write("index.html", "after rename\n");
    await work().commit("after rename");
    ok(await work().push(h.remoteUrl("boutique")));
    assert.equal((await h.fetch("boutique")).body, "after rename\n");
  });

  it("clones with empty or copied volumes, leaves the original alone; renames a never-deployed app", async () => {
    const plain = await h.ssh("apps:clone boutique copy");
    ok(plain);
    assert.equal((await h.ssh("config:get copy GREETING")).stdout.trim(), "kept");
    assert.equal(
      (await h.fetch("copy")).body,
      "after rename\n",
      "the live release runs, not rebuilt from scratch",
    );
    assert.doesNotMatch((await h.ssh("domains:list copy")).stdout, /shop\.test/);
    assert.notEqual(await seed("copy"), original, "a plain clone starts with an empty volume");
    ok(await h.ssh("apps:clone boutique copy-data --with-volumes"));
    assert.equal(await seed("copy-data"), original);
    assert.deepEqual(await apps(), ["boutique", "copy", "copy-data"]);
    assert.equal(await seed("boutique"), original);
    assert.equal(
      (await fetchVia(h.nginxPort, DOMAIN)).body,
      "after rename\n",
      "the domain stays with the original",
    );
    const refused = await h.ssh("apps:clone boutique copy");
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already an app named copy/);
    ok(await h.ssh("apps:create draft"));
    ok(await h.ssh("config:set draft A=1"));
    ok(await h.ssh("apps:rename draft final"));
    assert.equal(
      (await h.ssh("config:get final A")).stdout.trim(),
      "1",
      "a never-deployed app's state moves",
    );
    assert.deepEqual(await apps(), ["boutique", "copy", "copy-data", "final"]);
    assert.match((await h.ssh("apps:rename ghost spirit")).stderr, /there is no app named ghost/);
    const holder = run(["flock", path.join(h.state, "locks", "app-boutique.lock"), "sleep", "4"]);
    await new Promise((r) => setTimeout(r, 500));
    const busy = await h.ssh("apps:clone boutique during-deploy");
    await holder;
    assert.equal(busy.code, 75, `an app mid-deploy is refused, not waited for: ${busy.stderr}`);
    assert.ok(!(await apps()).includes("during-deploy"));
    const limitedKey = path.join(h.dir, "limited");
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", limitedKey]);
    ok(
      await h.slipway(
        ["keys:add", "limited", "--apps", "boutique"],
        fs.readFileSync(`${limitedKey}.pub`, "utf8"),
      ),
    );
    const outOfScope = await h.ssh("apps:clone boutique elsewhere", limitedKey);
    assert.equal(outOfScope.code, 77, "a scoped key needs both names");
    assert.match(outOfScope.stderr, /may not use app elsewhere/);
  });
});
