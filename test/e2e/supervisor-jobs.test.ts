import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { renderSystemdUnit, systemdUnitName } from "../../src/engine/supervisors/render-systemd-unit.js";
import { superviseJobs, unsuperviseContainer } from "../../src/engine/supervisors/supervise.js";
import type { SupervisedJob } from "../../src/engine/supervisors/supervised-job.js";
import { defaultSettings } from "../../src/state/settings.js";
import { run, useServerWithApp } from "../support/harness.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-units-"));
const job: SupervisedJob = {
  app: "myapp",
  service: "worker",
  instance: 2,
  containerName: "slipway-myapp-worker-3",
  stopTimeoutSeconds: 10,
  dockerBinary: "/usr/bin/docker",
};

/** `systemd-analyze verify` loads the unit as systemd would; it needs no running systemd. */
async function verify(file: string) {
  return run(["systemd-analyze", "verify", "--man=no", file], { cwd: dir });
}

describe("generated supervisor jobs", () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("systemd units pass systemd-analyze verify with no warnings at all", async () => {
    const file = path.join(dir, systemdUnitName(job));
    fs.writeFileSync(file, renderSystemdUnit(job));
    const res = await verify(file);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stderr.trim(), "", "no warnings");
  });

  it("the same check reports a unit systemd would complain about", async () => {
    const file = path.join(dir, "slipway-broken-web-1.service");
    fs.writeFileSync(
      file,
      renderSystemdUnit(job)
        .replace("Restart=always", "Restart=sometimes")
        .replace("/usr/bin/docker start", "docker-missing start"),
    );
    const res = await verify(file);
    assert.match(res.stderr, /Restart|sometimes|docker-missing/);
  });

  it("installing jobs without that init running writes them and fails with a clear message", async () => {
    const settings = {
      ...defaultSettings,
      supervisor: "systemd" as const,
      systemdUnitDir: dir,
      supervisorSudo: [],
    };
    await assert.rejects(superviseJobs(settings, [job]), (err: Error & { hint?: string }) => {
      assert.match(err.message, /^systemd could not run the app's jobs: `systemctl daemon-reload` said: /);
      assert.match(err.hint ?? "", /slipway supervisor:set docker/);
      return true;
    });
    assert.equal(
      fs.readFileSync(path.join(dir, "slipway-myapp-worker-3.service"), "utf8"),
      renderSystemdUnit(job),
    );
    const upstart = { ...settings, supervisor: "upstart" as const, upstartJobDir: dir };
    await assert.rejects(
      superviseJobs(upstart, [job]),
      /^Error: upstart could not run the app's jobs: `initctl reload-configuration`|upstart could not run/,
    );
    assert.ok(fs.existsSync(path.join(dir, "slipway-myapp-worker-3.conf")));
  });

  it("with the docker supervisor nothing is written and nothing is run", async () => {
    const settings = { ...defaultSettings, systemdUnitDir: path.join(dir, "never") };
    await superviseJobs(settings, [job]);
    await unsuperviseContainer(settings, job.containerName);
    assert.ok(!fs.existsSync(path.join(dir, "never")));
  });
});

describe("a deploy under a supervisor whose init is not running", () => {
  const { h, work } = useServerWithApp("hello");

  it("is rejected with the init's own message, leaves no job or container, and the old release serves", async () => {
    assert.equal((await work().push(h.remoteUrl("hello"))).code, 0);
    const units = fs.mkdtempSync(path.join(h.dir, "units-"));
    const file = path.join(h.state, "settings.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...JSON.parse(fs.readFileSync(file, "utf8")),
        supervisor: "systemd",
        systemdUnitDir: units,
        supervisorSudo: [],
      }),
    );
    work().write("index.html", "never live\n");
    await work().commit("under systemd");
    const push = await work().push(h.remoteUrl("hello"));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /systemd could not run the app's jobs: `systemctl daemon-reload` said: /);
    assert.deepEqual(fs.readdirSync(units), [], "the job file is removed with its container");
    const failed = /Building hello release (\d+)/.exec(push.stderr)![1];
    const left = await run([
      "docker",
      "ps",
      "-aq",
      "--filter",
      `label=${h.label}`,
      "--filter",
      `label=slipway.release=${failed}`,
    ]);
    assert.equal(left.stdout.trim(), "");
    assert.equal((await h.fetch("hello")).body, "hello v1\n");
  });
});
