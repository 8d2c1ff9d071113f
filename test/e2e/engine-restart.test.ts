// suite: exclusive
// It restarts the Docker engine, which every other test file is using.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, it } from "node:test";
import { run, useServerWithApp } from "../support/harness.js";

/** Restart the Docker engine the way this host runs it: systemd where it runs, else the daemon itself. */
async function restartEngine(): Promise<void> {
  if ((await run(["systemctl", "is-active", "--quiet", "docker"])).code === 0) {
    const res = await run(["systemctl", "restart", "docker"]);
    assert.equal(res.code, 0, res.stderr);
  } else {
    const pid = Number(fs.readFileSync("/var/run/docker.pid", "utf8"));
    process.kill(pid, "SIGTERM");
    await until("dockerd to stop", async () => !fs.existsSync(`/proc/${pid}`), 60_000);
    fs.mkdirSync("/var/log/slipway", { recursive: true });
    const log = fs.openSync("/var/log/slipway/dockerd.log", "a");
    spawn("dockerd", [], { detached: true, stdio: ["ignore", log, log] }).unref();
  }
  await until("the engine to answer", async () => (await run(["docker", "info"])).code === 0, 60_000);
}

async function until(what: string, ok: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("after the Docker engine restarts", () => {
  const { h, work } = useServerWithApp("hello");

  it("every app comes back and each domain reaches its own app", async () => {
    for (const app of ["alpha", "beta"]) {
      work().write("index.html", `this is ${app}\n`);
      await work().commit(app);
      const push = await work().push(h.remoteUrl(app));
      assert.equal(push.code, 0, push.stderr);
    }
    await restartEngine();
    for (const app of ["alpha", "beta"]) {
      let page = { status: 0, body: "" };
      await until(
        `${app} to serve again`,
        async () => (page = await h.fetch(app).catch(() => page)).status === 200,
        60_000,
      );
      assert.equal(page.body, `this is ${app}\n`, `${app}.${h.domain} reaches ${app}`);
    }
    const ps = JSON.parse((await h.slipway(["ps:report", "alpha", "--json"])).stdout);
    assert.equal(ps[0].state, "running");
  });

  it("ps:restore brings back an app whose containers are down, and reports each app", async () => {
    const [web] = JSON.parse((await h.slipway(["ps:report", "beta", "--json"])).stdout);
    assert.equal((await run(["docker", "stop", "-t", "1", web.container])).code, 0);
    assert.notEqual((await h.fetch("beta").catch(() => ({ status: 0 }))).status, 200);
    const res = await h.slipway(["ps:restore"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /Restored alpha, beta/);
    assert.equal((await h.fetch("beta")).body, "this is beta\n");
    assert.equal((await h.fetch("alpha")).body, "this is alpha\n");
  });
});
