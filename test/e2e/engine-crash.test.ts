// suite: exclusive
// It SIGKILLs and restarts the host's Docker engine, which every other test file is using.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AlertReceiver } from "../support/alert-receiver.js";
import { Daemon } from "../support/daemon.js";
import { run, useServerWithApp } from "../support/harness.js";

/** Kill the engine as a crash would (dockerd and the containerd it runs), then start it as an init system would. */
async function crashEngine(): Promise<void> {
  const pid = Number(fs.readFileSync("/var/run/docker.pid", "utf8"));
  const children = fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ")[1] === String(pid);
      } catch {
        return false;
      }
    });
  for (const p of [pid, ...children.map(Number)]) process.kill(p, "SIGKILL");
  await until("dockerd to die", () => !fs.existsSync(`/proc/${pid}`), 20_000);
  fs.mkdirSync("/var/log/slipway", { recursive: true });
  const log = fs.openSync("/var/log/slipway/dockerd.log", "a");
  spawn("dockerd", [], { detached: true, stdio: ["ignore", log, log] }).unref();
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the engine SIGKILLed mid-push and started again: apps come back by themselves", () => {
  let daemon: Daemon | undefined;
  const receiver = new AlertReceiver();
  after(async () => {
    await daemon?.stop();
    await receiver.stop();
  });
  const { h, work } = useServerWithApp("hello");
  const ok = (r: { code: number; stderr: string }) => assert.equal(r.code, 0, r.stderr);
  const journal = path.join(h.state, "apps", "alpha", "journal.json");

  before(async () => {
    await receiver.start();
    for (const app of ["alpha", "beta"]) {
      work().write("index.html", `this is ${app}\n`);
      await work().commit(app);
      ok(await work().push(h.remoteUrl(app)));
    }
    daemon = await new Daemon(h).start();
    ok(await h.slipway(["notify:add", "ops", receiver.url("/hook")]));
  });

  it("every app answers within 60 s with no command typed, the cut-off push is undone, the next push works", async () => {
    // A health check that never passes keeps the push inside its gate until the engine dies.
    work().write("index.html", "alpha, second\n");
    work().write(
      "slipway.yml",
      'services:\n  web:\n    build: .\n    cmd: exec httpd -f -p "$PORT" -h /www\n' +
        '    health: {cmd: "false", interval: 200ms, retries: 1000}\n',
    );
    await work().commit("slow start");
    const push = work().push(h.remoteUrl("alpha"));
    await until(
      "the push to reach its health gate",
      () => {
        try {
          return JSON.parse(fs.readFileSync(journal, "utf8")).phase === "health-gating";
        } catch {
          return false;
        }
      },
      60_000,
    );
    await crashEngine();
    const crashedAt = Date.now();
    assert.notEqual((await push).code, 0, "the push cut off by the crash is refused");

    for (const app of ["alpha", "beta"]) {
      let page = { status: 0, body: "" };
      await until(
        `${app} to serve again`,
        async () => (page = await h.fetch(app).catch(() => page)).status === 200,
        60_000 - (Date.now() - crashedAt),
      );
      assert.equal(page.body, `this is ${app}\n`, `${app} serves its last good release`);
    }
    const back = await receiver.waitFor("engine-restarted", "firing", 30_000);
    assert.equal(back.details.restored, true, back.message);
    console.log(`apps answered ${(Date.now() - crashedAt) / 1000} s after the crash; ${back.message}`);
    await until("the journal to be cleared", () => !fs.existsSync(journal), 30_000);
    const releases = JSON.parse((await h.slipway(["releases", "alpha", "--json"])).stdout);
    assert.deepEqual(
      releases.map((r: { release: number }) => r.release),
      [1],
      "the cut-off release is not kept",
    );

    fs.rmSync(path.join(work().dir, "slipway.yml"));
    work().write("index.html", "alpha, after the crash\n");
    await work().commit("after the crash");
    ok(await work().push(h.remoteUrl("alpha")));
    assert.equal((await h.fetch("alpha")).body, "alpha, after the crash\n");
  });
});
