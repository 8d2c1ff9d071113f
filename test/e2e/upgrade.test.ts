import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Harness, WorkTree, run, type RunResult } from "../support/harness.js";
import { buildOldTree, runningIds, upgradeInstall } from "../support/old-install.js";
import { startLoadLoop } from "../support/load-loop.js";

/** The foundation: app.json held only the live release, so its releases were lost on upgrade. */
const FOUNDATION = "56acd65a6e6b1e169c08117bf41b4268aedb2acd";
const APPS = ["up-a", "up-b", "up-c"];

/**
 * An older Slipway installed behind a wrapper (as /usr/local/bin/slipway wraps /opt/slipway), three
 * apps pushed twice each, then configure-system.sh's upgrade steps run by the current tree's install
 * while requests flow. Hermetic: its own state, nginx, sshd and Docker labels; nothing of the host.
 */
describe("upgrading from the foundation release", () => {
  const h = new Harness();
  const oldTree = path.join(h.dir, "old");
  const install = path.join(h.dir, "install");
  const wrapper = path.join(h.dir, "slipway");
  const works: Record<string, WorkTree> = {};
  h.slipwayBin = wrapper;
  const slipway = (args: string[]): Promise<RunResult> => run([wrapper, ...args], { env: h.env });

  before(async () => {
    await buildOldTree(oldTree, FOUNDATION);
    fs.symlinkSync(oldTree, install);
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${install}/bin/slipway "$@"\n`, { mode: 0o755 });
    await h.start();
    for (const app of APPS) {
      works[app] = await new WorkTree(h.clientEnv()).init("hello");
      for (const n of [1, 2]) await pushText(app, n);
    }
  });
  after(async () => {
    for (const w of Object.values(works)) w.remove();
    await h.stop();
  });

  async function pushText(app: string, n: number): Promise<void> {
    if (n > 1) {
      works[app].write("index.html", `${app} v${n}\n`);
      await works[app].commit(`v${n}`);
    }
    const push = await works[app].push(h.remoteUrl(app));
    assert.equal(push.code, 0, push.stderr);
  }

  /** The foundation retires the replaced container in the background: wait (bounded) until one runs. */
  async function settledIds(app: string): Promise<string[]> {
    for (let i = 0; i < 100; i++) {
      const ids = await runningIds(h, app);
      if (ids.length === 1) return ids;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.fail(`${app} still runs more than one container before the upgrade`);
  }

  it("keeps containers and releases, drops no request, and every app still deploys and rolls back", async () => {
    const before = Object.fromEntries(await Promise.all(APPS.map(async (a) => [a, await settledIds(a)])));
    const loops = APPS.map((app) =>
      startLoadLoop({ port: h.nginxPort, host: `${app}.${h.domain}`, maxRequests: 20_000, maxMs: 60_000 }),
    );
    // The install swap, then configure_slipway's steps, as configure-system.sh runs them.
    await upgradeInstall(install, slipway);
    const reports = await Promise.all(loops.map((l) => l.stop()));
    for (const [i, r] of reports.entries()) {
      assert.ok(r.sent > 0, `requests were sent to ${APPS[i]}`);
      assert.equal(r.failed, 0, `${APPS[i]}: ${r.failures.join("; ")}`);
    }
    for (const app of APPS)
      assert.deepEqual(await runningIds(h, app), before[app], `${app} kept its container`);
    const settings = JSON.parse(fs.readFileSync(path.join(h.state, "settings.json"), "utf8"));
    assert.equal(settings.stateVersion, 1);

    for (const app of APPS) {
      const listed = JSON.parse((await slipway(["releases", app, "--json"])).stdout) as { release: number }[];
      assert.deepEqual(listed.map((r) => r.release).sort(), [1, 2], `${app} lists the releases made before`);
    }
    const [a, b] = APPS;
    await pushText(a, 3);
    assert.equal((await h.fetch(a)).body, `${a} v3\n`);
    const back = await slipway(["rollback", a]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((await h.fetch(a)).body, `${a} v2\n`, "rolled back to the release made before the upgrade");
    const first = await slipway(["rollback", b, "1"]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      (await h.fetch(b)).body,
      "hello v1\n",
      "even the foundation's first release can be rolled back to",
    );
  });

  it("an older Slipway refuses state a newer one migrated, and changes nothing", async () => {
    const settingsFile = path.join(h.state, "settings.json");
    const settings = JSON.parse(fs.readFileSync(settingsFile, "utf8"));
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, stateVersion: 99 }));
    try {
      const res = await slipway(["apps:list"]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /is version 99, newer than this Slipway understands \(1\)/);
      assert.match(res.stderr, /docs\/upgrading\.md/);
      const check = await slipway(["internal:migrate", "--check"]);
      assert.equal(check.code, 1, "configure-system.sh's refuse_downgrade stops here");
    } finally {
      fs.writeFileSync(settingsFile, JSON.stringify(settings));
    }
  });
});
