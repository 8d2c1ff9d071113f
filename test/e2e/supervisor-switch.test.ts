import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startLoadLoop } from "../support/load-loop.js";
import { run, suiteLabels, useServerWithApp } from "../support/harness.js";
import { patchSettings } from "../support/settings-file.js";
import { SystemdHost } from "../support/systemd-host.js";

interface Live {
  id: string;
  name: string;
  startedAt: string;
  pid: number;
  restart: string;
}

describe("switching the supervisor of a running app", () => {
  const { h, work } = useServerWithApp("hello");
  let systemd: SystemdHost;
  let units: string;

  before(async () => {
    units = path.join(h.dir, "units");
    systemd = new SystemdHost(units, suiteLabels(h.id));
    await systemd.start();
    patchSettings(h, (s) =>
      Object.assign(s, {
        systemdUnitDir: units,
        supervisorExec: ["docker", "exec", systemd.name],
        supervisorSudo: [],
      }),
    );
    assert.equal((await work().push(h.remoteUrl("hello"))).code, 0);
  });
  after(async () => systemd?.stop());

  const live = async (): Promise<Live> => {
    const ids = (
      await run(["docker", "ps", "-q", "--filter", `label=${h.label}`, "--filter", "label=slipway.app=hello"])
    ).stdout
      .trim()
      .split("\n")
      .filter(Boolean);
    assert.equal(ids.length, 1, `one live container, got ${ids.length}`);
    const [info] = JSON.parse((await run(["docker", "inspect", ids[0]])).stdout);
    return {
      id: info.Id,
      name: info.Name.slice(1),
      startedAt: info.State.StartedAt,
      pid: info.State.Pid,
      restart: info.HostConfig.RestartPolicy.Name,
    };
  };
  const slipwayUnits = () => fs.readdirSync(units).filter((f) => f.startsWith("slipway-"));
  const setting = () => JSON.parse(fs.readFileSync(path.join(h.state, "settings.json"), "utf8")).supervisor;

  /** Runs the switch under a request loop; every request must be served. */
  async function switchUnderLoad(target: string) {
    const loop = startLoadLoop({
      port: h.nginxPort,
      host: `hello.${h.domain}`,
      maxRequests: 20_000,
      maxMs: 120_000,
    });
    await new Promise((r) => setTimeout(r, 300));
    const res = await h.slipway(["supervisor:set", target]);
    await new Promise((r) => setTimeout(r, 300));
    const report = await loop.stop();
    assert.equal(res.code, 0, res.stderr);
    assert.ok(report.sent >= 20, `only ${report.sent} requests were sent`);
    assert.equal(
      report.failed,
      0,
      `${report.failed} of ${report.sent} failed: ${report.failures.join("; ")}`,
    );
    return res;
  }

  /** Kill the app's process as a crash would (not `docker stop`), and wait for its supervisor to bring it back. */
  async function crashAndWaitForRestart(before: Live): Promise<Live> {
    assert.equal((await run(["kill", "-KILL", String(before.pid)])).code, 0);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      const [info] = JSON.parse((await run(["docker", "inspect", before.id])).stdout);
      if (info.State.Running && info.State.StartedAt !== before.startedAt) return live();
    }
    assert.fail("the crashed container was not restarted within 30 s");
  }

  it("docker → systemd: the container keeps running and serving, and systemd now restarts it", async () => {
    const before = await live();
    assert.equal(before.restart, "unless-stopped");
    const res = await switchUnderLoad("systemd");
    assert.match(res.stderr, /hello: 1 container now kept running by systemd/);
    const after = await live();
    assert.deepEqual(
      [after.id, after.startedAt],
      [before.id, before.startedAt],
      "handed over, not restarted",
    );
    assert.equal(after.restart, "no", "Docker no longer restarts it");
    assert.deepEqual(slipwayUnits(), [`${after.name}.service`]);
    assert.equal((await systemd.systemctl(["is-active", `${after.name}.service`])).stdout.trim(), "active");
    assert.equal((await systemd.systemctl(["is-enabled", `${after.name}.service`])).stdout.trim(), "enabled");
    assert.equal(setting(), "systemd");
    const restarted = await crashAndWaitForRestart(after);
    assert.equal(restarted.id, after.id);
    assert.equal((await h.fetch("hello")).body, "hello v1\n");
  });

  it("a push under systemd runs the new release from a unit and removes the old one's", async () => {
    const old = await live();
    work().write("index.html", "hello under systemd\n");
    await work().commit("v2");
    const push = await work().push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    assert.equal((await h.fetch("hello")).body, "hello under systemd\n");
    const deadline = Date.now() + 60_000;
    while (
      Date.now() < deadline &&
      (await run(["docker", "ps", "-aq", "--filter", `id=${old.id}`])).stdout.trim()
    )
      await new Promise((r) => setTimeout(r, 500));
    const now = await live();
    assert.notEqual(now.id, old.id);
    assert.equal(now.restart, "no");
    assert.deepEqual(
      slipwayUnits(),
      [`${now.name}.service`],
      "the old release's unit went with its container",
    );
    assert.equal((await systemd.systemctl(["is-active", `${now.name}.service`])).stdout.trim(), "active");
  });

  it("systemd → docker: the units let go without stopping the container, and Docker restarts it again", async () => {
    const before = await live();
    const res = await switchUnderLoad("docker");
    assert.match(res.stderr, /hello: 1 container now kept running by docker/);
    const after = await live();
    assert.deepEqual(
      [after.id, after.startedAt],
      [before.id, before.startedAt],
      "handed back, not restarted",
    );
    assert.equal(after.restart, "unless-stopped");
    assert.deepEqual(slipwayUnits(), []);
    const units = await systemd.systemctl(["list-units", "--all", "--no-legend", "--plain", "slipway-*"]);
    assert.equal(units.stdout.trim(), "", "systemd holds no Slipway unit");
    assert.equal(setting(), "docker");
    await crashAndWaitForRestart(after);
    assert.equal((await h.fetch("hello")).body, "hello under systemd\n");
  });

  it("a server whose systemd is gone can still be switched back to docker, and keeps serving", async () => {
    assert.equal((await h.slipway(["supervisor:set", "systemd"])).code, 0);
    const before = await live();
    assert.equal(before.restart, "no");
    // The init disappears (a disk moved to a host without it): its attached clients die, the container does not.
    assert.equal((await run(["docker", "stop", "-t", "1", systemd.name])).code, 0);
    assert.equal((await h.fetch("hello")).body, "hello under systemd\n");
    const res = await h.slipway(["supervisor:set", "docker"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /systemd did not let go of \S+ cleanly, so its job file is removed/);
    const after = await live();
    assert.deepEqual(
      [after.id, after.startedAt, after.restart],
      [before.id, before.startedAt, "unless-stopped"],
    );
    assert.deepEqual(slipwayUnits(), []);
    assert.equal(setting(), "docker");
    assert.equal((await h.fetch("hello")).body, "hello under systemd\n");
  });

  it("a supervisor whose init does not answer is refused, and nothing changes", async () => {
    const before = await live();
    const res = await h.slipway(["supervisor:set", "upstart"]);
    assert.notEqual(res.code, 0);
    assert.match(
      res.stderr,
      /upstart could not run the app's jobs: `docker exec \S+ initctl reload-configuration` said: /,
    );
    assert.equal(setting(), "docker");
    const after = await live();
    assert.deepEqual(
      [after.id, after.startedAt, after.restart],
      [before.id, before.startedAt, "unless-stopped"],
    );
    const bad = await h.slipway(["supervisor:set", "runit"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /unknown supervisor "runit"/);
    assert.match(bad.stderr, /docker, systemd, upstart/);
  });
});
