import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AlertReceiver } from "../support/alert-receiver.js";
import { Daemon } from "../support/daemon.js";
import { freePort, run, useServerWithApp } from "../support/harness.js";
import { selfSigned } from "../support/self-signed.js";
import { patchSettings } from "../support/settings-file.js";

const APP = "watched";
const TEMPLATE = `services:
  web:
    build: .
    cmd: exec httpd -f -p "$PORT" -h /www
    memory: 64m
    health: /index.html
cron:
  - id: broken
    schedule: "*/3 * * * * *"
    service: web
    run: echo "cannot reach the mail server"; exit 3
`;

describe("alerts: each event kind, triggered for real, reaches a webhook", () => {
  let daemon: Daemon | undefined;
  const receiver = new AlertReceiver();
  let disk = "";
  // Registered before the harness's own: after hooks run in order, and its teardown removes the mount point.
  after(async () => {
    await daemon?.stop();
    await receiver.stop();
    if (disk) await run(["umount", disk]);
  });
  const { h, work } = useServerWithApp("hello");
  const ok = (r: { code: number; stderr: string }) => assert.equal(r.code, 0, r.stderr);
  const webContainer = async () =>
    JSON.parse((await h.slipway(["ps:report", APP, "--json"])).stdout)[0].container as string;
  const inWeb = async (...argv: string[]) => run(["docker", "exec", await webContainer(), ...argv]);

  before(async () => {
    await receiver.start();
    disk = path.join(h.dir, "disk");
    fs.mkdirSync(disk);
    ok(await run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk]));
    patchSettings(h, (s) => {
      s.cronSeconds = true;
      s.alerts = {
        checkSeconds: 1,
        diskPaths: [disk],
        diskPercent: 50,
        certDays: 20,
        attempts: 2,
        retryMs: 100,
      };
    });
    daemon = await new Daemon(h).start();
  });

  it("notify:add keeps the URL secret, notify:test delivers, bad input is refused", async () => {
    ok(await h.slipway(["notify:add", "ops", receiver.url("/hook/s3cret-token")]));
    const slack = receiver.url("/slack/s3cret-token");
    ok(await h.slipway(["notify:add", "chat", slack, "--format", "slack", "--events", "deploy-succeeded"]));
    const dead = `http://127.0.0.1:${await freePort()}/gone`;
    ok(await h.slipway(["notify:add", "dead", dead, "--events", "deploy-failed"]));
    const list = await h.slipway(["notify:list"]);
    ok(list);
    assert.doesNotMatch(list.stdout + list.stderr, /s3cret/);
    assert.match(list.stdout, /ops\s+http:\/\/127\.0\.0\.1:\d+\/…\s+json\s+all/);
    assert.equal(fs.statSync(path.join(h.state, "notifiers.json")).mode & 0o777, 0o600);
    const bad = await h.slipway(["notify:add", "x", "http://a/b", "--events", "deploy-fail"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown event "deploy-fail"/);
    ok(await h.slipway(["notify:test", "ops"]));
    assert.equal(receiver.alerts("test").length, 1);
    const unreachable = await h.slipway(["notify:test", "dead"]);
    assert.equal(unreachable.code, 1);
    assert.doesNotMatch(unreachable.stderr, /gone/, "the failure names the host, not the URL's path");
  });

  it("a push, a failed push and a rollback are announced with app, release, pusher, sha and seconds", async () => {
    work().write("slipway.yml", TEMPLATE);
    await work().commit("watched app");
    ok(await work().push(h.remoteUrl(APP)));
    const sha = (await work().git(["rev-parse", "HEAD"])).stdout.trim();
    const live = await receiver.waitFor("deploy-succeeded");
    assert.equal(live.app, APP);
    assert.deepEqual([live.details.release, live.details.sha, live.details.pusher], [1, sha, "tester"]);
    assert.equal(typeof live.details.seconds, "number");
    assert.equal(receiver.alerts("deploy-started")[0].details.release, 1);
    const chat = receiver.received.find((r) => r.path.startsWith("/slack"));
    assert.match(chat?.body.text ?? "", /deploy-succeeded: watched release 1 is live/);

    work().write("slipway.yml", "services: 5\n");
    await work().commit("broken template");
    assert.notEqual((await work().push(h.remoteUrl(APP))).code, 0);
    const failed = await receiver.waitFor("deploy-failed");
    assert.match(failed.message, /failed after/);
    await work().git(["reset", "-q", "--hard", "HEAD~1"]);
    await work()
      .commit("again")
      .catch(() => {});
    ok(await h.slipway(["ps:rebuild", APP]));
    ok(await h.slipway(["rollback", APP]));
    const back = await receiver.waitFor("rollback");
    assert.match(back.details.cause, /rollback of 1/);
    // A config change makes a release like a push, and is announced as one.
    ok(await h.slipway(["config:set", APP, "GREETING=hi"]));
    const configured = await receiver.waitFor(
      "deploy-succeeded",
      "firing",
      20_000,
      (b) => b.details.cause === "config",
    );
    assert.equal(configured.app, APP);
    const log = () => fs.readFileSync(path.join(h.state, "logs", "slipwayd.log"), "utf8");
    await until(
      () => /"message":"alert not delivered".*"notifier":"dead"/.test(log()),
      "the undelivered line",
    );
  });

  it("a failing health path, a crash loop and an OOM kill are noticed, and recoveries announced", async () => {
    ok(await inWeb("mv", "/www/index.html", "/www/gone.html"));
    const sick = await receiver.waitFor("health-failing");
    assert.match(sick.message, /watched's web fails GET \/index.html: answered 404/);
    ok(await inWeb("mv", "/www/gone.html", "/www/index.html"));
    await receiver.waitFor("health-failing", "resolved");

    for (let i = 0; i < 3; i++) {
      const pid = (
        await run(["docker", "inspect", "-f", "{{.State.Pid}}", await webContainer()])
      ).stdout.trim();
      process.kill(Number(pid), "SIGKILL");
      await until(async () => {
        const now = (
          await run(["docker", "inspect", "-f", "{{.State.Pid}}", await webContainer()])
        ).stdout.trim();
        return now !== pid && now !== "0";
      }, "the container to restart");
    }
    const loop = await receiver.waitFor("crash-looping");
    assert.match(loop.message, /watched's web exited 3 times .* exit code 137/);

    await inWeb("sh", "-c", "head -c 200m /dev/zero | tail");
    const oom = await receiver.waitFor("oom-killed");
    assert.equal(oom.app, APP);
  });

  it("a full disk, an expiring certificate, a failed backup and a failing cron job alert once, then recover", async () => {
    fs.writeFileSync(path.join(disk, "filler"), Buffer.alloc(3 << 20));
    const full = await receiver.waitFor("disk-full");
    assert.match(full.message, new RegExp(`${disk} is \\d+(\\.\\d)?% full`));
    const { bundle } = selfSigned(h.dir, "soon", `DNS:${APP}.${h.domain}`, 10);
    ok(await h.slipway(["certs:add", APP], bundle));
    const cert = await receiver.waitFor("cert-expiring");
    assert.match(cert.message, /the certificate of watched expires in 9 days/);
    // A real restic target that goes away: the next full run fails, and that failure is the alert.
    const repo = path.join(h.dir, "backup-repo");
    ok(await h.slipway(["backups:target", repo]));
    fs.rmSync(repo, { recursive: true, force: true });
    assert.notEqual((await h.slipway(["backups:run"])).code, 0, "a backup to a missing target fails");
    const backup = await receiver.waitFor("backup-failed");
    assert.match(backup.message, /the last backup failed: restic could not/);
    const cron = await receiver.waitFor("cron-failed");
    assert.match(cron.message, /cron job watched\/broken failed \(exit 3\)/);

    await new Promise((r) => setTimeout(r, 3000)); // three rounds while the disk stays full
    fs.rmSync(path.join(disk, "filler"));
    await receiver.waitFor("disk-full", "resolved");
    assert.equal(
      receiver.alerts("disk-full", "firing").length,
      1,
      "a held condition is not repeated within the hour",
    );
    assert.equal(receiver.alerts("cron-failed", "firing").length, 1);
    const memory = path.join(h.state, "alerts", "memory.json");
    assert.equal(fs.statSync(memory).mode & 0o777, 0o600);
    assert.ok(JSON.parse(fs.readFileSync(memory, "utf8")).keys["cron:watched/broken"]);
  });
});

async function until(ok: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
