import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { helperArgv, initArgvs, type InitSystem } from "../../src/engine/supervisors/inits.js";
import { renderSystemdUnit } from "../../src/engine/supervisors/render-systemd-unit.js";
import { renderUpstartJob } from "../../src/engine/supervisors/render-upstart-job.js";
import type { SupervisedJob } from "../../src/engine/supervisors/supervised-job.js";
import { defaultSettings } from "../../src/state/settings.js";
import { BASE_IMAGE, ensureBaseImage } from "../support/base-image.js";
import { ROOT, run, suiteLabels } from "../support/harness.js";
import { SystemdHost } from "../support/systemd-host.js";

const SOURCE = path.join(ROOT, "provisioning", "supervisor-job");

/**
 * The installed helper's constants point at /etc; a copy with them rewritten (as the brief of the
 * script says: never from arguments or the environment) runs against directories this test owns.
 */
function helperCopy(dir: string, systemctl: string[]): string {
  const text = fs
    .readFileSync(SOURCE, "utf8")
    .replace(/^SYSTEMD_DIR=.*$/m, `SYSTEMD_DIR=${dir}/systemd`)
    .replace(/^UPSTART_DIR=.*$/m, `UPSTART_DIR=${dir}/init`)
    .replace(/^SYSTEMCTL=.*$/m, `SYSTEMCTL=(${systemctl.join(" ")})`)
    .replace(/^INITCTL=.*$/m, "INITCTL=(echo initctl)");
  assert.equal(text.match(new RegExp(dir, "g"))?.length, 2, "both job dirs rewritten");
  for (const d of ["systemd", "init"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const file = path.join(dir, "supervisor-job");
  fs.writeFileSync(file, text, { mode: 0o755 });
  return file;
}

const job = (over: Partial<SupervisedJob> = {}): SupervisedJob => ({
  app: "shop-2",
  service: "web",
  instance: 3,
  containerName: "slipway-test-1a2b-shop-2.web.14.3",
  stopTimeoutSeconds: 10,
  dockerBinary: "/usr/bin/docker",
  ...over,
});
const render = (init: InitSystem, j: SupervisedJob) =>
  init === "systemd" ? renderSystemdUnit(j) : renderUpstartJob(j);
const fileName = (init: InitSystem, j: SupervisedJob) =>
  `${j.containerName}.${init === "systemd" ? "service" : "conf"}`;

describe("the sudo helper for supervisor jobs", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-helper-"));
  const helper = helperCopy(dir, ["echo", "systemctl"]);
  const settings = { ...defaultSettings, supervisorSudo: ["env"], supervisorHelper: helper };
  const jobs = (init: InitSystem) => fs.readdirSync(path.join(dir, init === "systemd" ? "systemd" : "init"));
  const call = (argv: string[], input = "") =>
    run(argv, { input, env: { PATH: process.env.PATH, SYSTEMD_DIR: path.join(dir, "elsewhere") } });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("accepts exactly what Slipway renders, as root-owned 0644 files, and removes them", async () => {
    for (const init of ["systemd", "upstart"] as const) {
      for (const j of [
        job(),
        job({
          app: "a",
          service: "worker-2",
          instance: 1,
          containerName: "slipway-a.worker-2.1.1",
          stopTimeoutSeconds: 0,
        }),
      ]) {
        const name = fileName(init, j);
        const res = await call(helperArgv(settings, init, "install", name), render(init, j));
        assert.equal(res.code, 0, res.stderr);
        const file = path.join(dir, init === "systemd" ? "systemd" : "init", name);
        assert.equal(fs.readFileSync(file, "utf8"), render(init, j));
        const st = fs.statSync(file);
        assert.deepEqual([st.mode & 0o777, st.uid], [0o644, 0]);
        assert.equal((await call(helperArgv(settings, init, "remove", name))).code, 0);
        assert.ok(!fs.existsSync(file));
      }
    }
    assert.ok(!fs.existsSync(path.join(dir, "elsewhere")), "SYSTEMD_DIR from the environment is ignored");
  });

  it("runs each init verb Slipway asks for, and refuses other verbs and arguments", async () => {
    const unit = fileName("systemd", job());
    const said = [];
    for (const verb of ["reload", "start", "stop", "forget"] as const) {
      for (const argv of initArgvs(settings, "systemd", verb, unit, false))
        said.push((await call(argv)).stdout.trim());
    }
    assert.deepEqual(said, [
      "systemctl daemon-reload",
      `systemctl enable --quiet ${unit}\nsystemctl start ${unit}`,
      `systemctl disable --quiet --now ${unit}`,
      `systemctl reset-failed ${unit}`,
    ]);
    for (const args of [
      [],
      ["systemd"],
      ["runit", "reload"],
      ["systemd", "restart", unit],
      ["systemd", "reload", unit],
      ["systemd", "start"],
      ["systemd", "start", unit, unit],
      ["systemd", "install", unit, "/etc/passwd"],
    ]) {
      const res = await call([helper, ...args]);
      assert.equal(res.code, 64, args.join(" "));
      assert.equal(res.stdout, "", args.join(" "));
    }
  });

  it("refuses names that are not a Slipway job, for every verb", async () => {
    const bad = [
      "slipway-a b.service",
      "slipway-../../passwd.service",
      "slipway-x/../y.service",
      "slipway-*.service",
      "slipway-?.service",
      "other-app.service",
      "slipway-.service",
      "SLIPWAY-a.service",
      "slipway-a.conf",
      "slipway-a..b.service",
      "slipway-a.service\n",
      `slipway-${"a".repeat(200)}.service`,
      "slipway-a.service.bak",
      "-slipway-a.service",
    ];
    for (const name of bad) {
      for (const verb of ["install", "remove", "start", "stop", "forget"]) {
        const res = await call([helper, "systemd", verb, name], renderSystemdUnit(job()));
        assert.equal(res.code, 64, `${verb} ${JSON.stringify(name)}`);
        assert.match(res.stderr, /not a Slipway job name/);
        assert.equal(res.stdout, "", "nothing reached systemctl");
      }
    }
    assert.deepEqual(jobs("systemd"), []);
  });

  it("refuses any job text Slipway would not render for that name, and writes nothing", async () => {
    const unit = renderSystemdUnit(job());
    const name = fileName("systemd", job());
    const bad: Record<string, string> = {
      "an extra ExecStartPre": unit.replace(
        "[Service]\n",
        "[Service]\nExecStartPre=/bin/sh -c 'cp /bin/sh /tmp/x && chmod u+s /tmp/x'\n",
      ),
      "another program": unit.replace(/\/usr\/bin\/docker start/, "/bin/sh -c /tmp/evil #"),
      "another docker": renderSystemdUnit(job({ dockerBinary: "/tmp/docker" })),
      "another container": renderSystemdUnit(job({ containerName: "slipway-other.web.1.1" })),
      "User=": unit.replace("[Service]\n", "[Service]\nUser=root\n"),
      "a second [Service]": `${unit}[Service]\nExecStartPost=/bin/true\n`,
      CRLF: unit.replace(/\n/g, "\r\n"),
      "no final newline": unit.slice(0, -1),
      "too big": unit + "#".repeat(9000) + "\n",
      empty: "",
      "an upstart job": renderUpstartJob(job()),
    };
    for (const [what, text] of Object.entries(bad)) {
      const res = await call([helper, "systemd", "install", name], text);
      assert.equal(res.code, 65, what);
      assert.match(res.stderr, /supervisor-job: /, what);
    }
    const upstart = renderUpstartJob(job()).replace("respawn\n", "respawn\nexec /bin/sh\n");
    assert.equal((await call([helper, "upstart", "install", fileName("upstart", job())], upstart)).code, 65);
    assert.deepEqual([jobs("systemd"), jobs("upstart")], [[], []]);
  });
});

describe("the sudo helper driving a real systemd", () => {
  const id = crypto.randomBytes(4).toString("hex");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-helper-systemd-"));
  const systemd = new SystemdHost(path.join(dir, "systemd"), suiteLabels(id));
  const j = job({ app: "helper", containerName: `slipway-test-${id}-helper.web.1.1`, stopTimeoutSeconds: 1 });
  const unit = fileName("systemd", j);
  let settings = defaultSettings;

  before(async () => {
    await Promise.all([systemd.start(), ensureBaseImage()]);
    settings = {
      ...defaultSettings,
      supervisorSudo: ["env"],
      supervisorHelper: helperCopy(dir, ["docker", "exec", systemd.name, "systemctl"]),
    };
    const made = await run([
      "docker",
      "create",
      "--name",
      j.containerName,
      "--label",
      `slipway.test-run=${id}`,
      BASE_IMAGE,
      "sleep",
      "600",
    ]);
    assert.equal(made.code, 0, made.stderr);
  });
  after(async () => {
    await run(["docker", "rm", "-f", j.containerName]);
    await systemd.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const verb = async (v: "reload" | "start" | "stop" | "forget") => {
    for (const argv of initArgvs(settings, "systemd", v, unit, false))
      assert.equal((await run(argv)).code, 0, `${v}: ${argv.join(" ")}`);
  };
  const running = async () =>
    (await run(["docker", "inspect", "-f", "{{.State.Running}}", j.containerName])).stdout.trim();

  it("installs, starts, stops and removes a job through the argv Slipway sends to sudo", async () => {
    assert.equal(
      (await run(helperArgv(settings, "systemd", "install", unit), { input: renderSystemdUnit(j) })).code,
      0,
    );
    await verb("reload");
    await verb("start");
    assert.equal((await systemd.systemctl(["is-active", unit])).stdout.trim(), "active");
    assert.equal((await systemd.systemctl(["is-enabled", unit])).stdout.trim(), "enabled");
    assert.equal(await running(), "true");
    await verb("stop");
    assert.equal(await running(), "false", "ExecStop stopped the container");
    assert.equal((await run(helperArgv(settings, "systemd", "remove", unit))).code, 0);
    await verb("reload");
    await run(initArgvs(settings, "systemd", "forget", unit, false)[0]);
    assert.deepEqual(
      fs.readdirSync(systemd.unitDir).filter((f) => f.startsWith("slipway-")),
      [],
    );
    assert.equal(
      (await systemd.systemctl(["list-units", "--all", "--no-legend", "--plain", "slipway-*"])).stdout.trim(),
      "",
    );
  });
});
