import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { StatusReport } from "../../src/release/status/status-report.js";
import { Harness, WorkTree, run } from "../support/harness.js";

/**
 * The state directory on a small tmpfs of its own (this file's only host change: one mount under its
 * temp dir, removed after), so the test can fill it. Shares one server for status and a full disk.
 */
describe("slipway status, prune, capped logs, and a full state filesystem", () => {
  const h = new Harness();
  const app = "full";
  const filler = path.join(h.state, "filler");
  let work: WorkTree;
  let mounted = false;

  before(async () => {
    fs.mkdirSync(h.state, { recursive: true });
    const mount = await run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", h.state]);
    assert.equal(mount.code, 0, mount.stderr);
    mounted = true;
    await h.start();
    work = await new WorkTree(h.clientEnv()).init("hello");
    const push = await work.push(h.remoteUrl(app));
    assert.equal(push.code, 0, push.stderr);
  });
  after(async () => {
    work?.remove();
    if (mounted) await run(["umount", "-l", h.state]);
    await h.stop();
  });

  async function status(): Promise<{ code: number; report: StatusReport }> {
    const res = await h.slipway(["status", "--json"]);
    return { code: res.code, report: JSON.parse(res.stdout) as StatusReport };
  }

  it("reports the state filesystem, the app's container with one stats sample, and its deploy", async () => {
    const { code, report } = await status();
    assert.equal(code, report.state === "red" ? 1 : 0, "exit code 1 exactly when a line is red");
    const disk = report.lines.find((l) => l.section === "disk" && l.subject === h.state);
    assert.ok(disk, `a disk line for ${h.state}: ${JSON.stringify(report.lines)}`);
    assert.equal(disk.state, "green");
    assert.equal(disk.data?.holds, "state");
    const container = report.lines.find((l) => l.section === "container" && l.data?.app === app);
    assert.equal(container?.state, "green", JSON.stringify(container));
    assert.ok(Number(container?.data?.memoryBytes) > 0, "memory from a stats sample");
    assert.equal(container?.data?.memoryLimitBytes, 512 * 1024 * 1024, "the default memory limit");
    const usage = report.lines.find((l) => l.section === "app-disk" && l.subject === app);
    assert.ok(Number(usage?.data?.imagesBytes) > 0, "the app's image is counted");
    const deploy = report.lines.find((l) => l.section === "deploy" && l.subject === app);
    assert.match(deploy!.reason, /^release 1 \(push\) \d+ s ago$/);
    assert.equal(
      report.lines.find((l) => l.section === "backup")?.reason,
      "no backups configured (see backups:target)",
    );
    const text = await h.slipway(["status"]);
    assert.match(text.stdout, new RegExp(`^GREEN +disk +${h.state} +\\d+% used`, "m"));
  });

  it("caps the json-file log of the service's container and of a one-off alike", async () => {
    const detached = await h.slipway(["run:detached", app, "sleep", "30"]);
    assert.equal(detached.code, 0, detached.stderr);
    const ps = await run([
      "docker",
      "ps",
      "-q",
      "--filter",
      `label=${h.label}`,
      "--filter",
      `label=slipway.app=${app}`,
    ]);
    const ids = ps.stdout.split("\n").filter(Boolean);
    assert.equal(ids.length, 2, "the web container and the one-off");
    const inspect = await run(["docker", "inspect", "-f", "{{json .HostConfig.LogConfig}}", ...ids]);
    for (const line of inspect.stdout.trim().split("\n"))
      assert.deepEqual(JSON.parse(line), {
        Type: "json-file",
        Config: { "max-file": "3", "max-size": "10m" },
      });
    await run(["docker", "rm", "-f", detached.stdout.trim()]);
  });

  it("prune removes the app's stopped leftovers and keeps its live container", async () => {
    const labels = JSON.parse(fs.readFileSync(path.join(h.state, "settings.json"), "utf8")).labels as object;
    const labelFlags = Object.entries({ ...labels, "slipway.app": app }).flatMap(([k, v]) => [
      "--label",
      `${k}=${v}`,
    ]);
    const leftover = await run(["docker", "run", ...labelFlags, "slipway-test/busybox:1", "true"]);
    assert.equal(leftover.code, 0, leftover.stderr);
    const ids = async (status: string) =>
      (
        await run(["docker", "ps", "-aq", "--filter", `label=${h.label}`, "--filter", `status=${status}`])
      ).stdout
        .split("\n")
        .filter(Boolean);
    assert.equal((await ids("exited")).length, 1);
    const live = await ids("running");
    const prune = await h.slipway(["prune", "--json"]);
    assert.equal(prune.code, 0, prune.stderr);
    assert.equal(JSON.parse(prune.stdout).containers, 1);
    assert.deepEqual(await ids("exited"), []);
    assert.deepEqual(await ids("running"), live);
    assert.equal((await h.fetch(app)).body, "hello v1\n");
  });

  it("refuses a push and config:set on a full disk by name, loses nothing, and works once space is freed", async () => {
    const appJson = fs.readFileSync(path.join(h.state, "apps", app, "app.json"), "utf8");
    fillDisk(filler);
    work.write("index.html", "v2\n");
    await work.commit("v2");
    const full = new RegExp(
      `the filesystem at ${h.state} is full \\(0 B free of 4\\.2 MB\\); nothing was changed`,
    );
    const push = await work.push(h.remoteUrl(app));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, full);
    assert.match(push.stderr, /`slipway status` shows what each app uses/);
    assert.doesNotMatch(push.stderr, /bug in Slipway|unexpected error/);
    const set = await h.slipway(["config:set", app, "COLOUR=blue"]);
    assert.equal(set.code, 1);
    assert.match(set.stderr, full);
    assert.doesNotMatch(set.stderr, /bug in Slipway/);
    assert.equal(fs.readFileSync(path.join(h.state, "apps", app, "app.json"), "utf8"), appJson);
    assert.equal((await h.fetch(app)).body, "hello v1\n");
    const { code, report } = await status();
    assert.equal(code, 1, "a full disk is red, and red exits 1");
    assert.equal(report.lines.find((l) => l.subject === h.state)?.state, "red");

    fs.rmSync(filler);
    const again = await work.push(h.remoteUrl(app));
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await h.fetch(app)).body, "v2\n");
  });
});

/** Write zeros until the filesystem says it is full (bounded by its 4 MB size). */
function fillDisk(file: string): void {
  const fd = fs.openSync(file, "w");
  const block = Buffer.alloc(64 * 1024);
  try {
    for (let i = 0; i < 1000; i++) fs.writeSync(fd, block);
    assert.fail("the 4 MB tmpfs never filled up");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    fs.closeSync(fd);
  }
}
