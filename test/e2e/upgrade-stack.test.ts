import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Harness, WorkTree, run, type RunResult } from "../support/harness.js";
import { startLoadLoop } from "../support/load-loop.js";
import { buildOldTree, runningIds, upgradeInstall } from "../support/old-install.js";

/** The last commit before state versioning: multi-service templates, volumes and release records. */
const BEFORE_VERSIONING = "cd50d10081264fb2e5e4eb9b05d770f2065421a7";
const APP = "up-stack";
const TEMPLATE = `services:
  web:
    build: .
    cmd: exec httpd -f -p 5000 -h /www
    ports: {http: 5000}
  store:
    build: .
    cmd: exec sh -c 'echo boot >> /data/boots; exec sleep 2147483647'
    volumes: {data: /data}
`;

/** As upgrade.test.ts, from the newest unversioned state: a web service beside one with a volume. */
describe("upgrading a multi-service app with a volume from before state versioning", () => {
  const h = new Harness();
  const install = path.join(h.dir, "install");
  const wrapper = path.join(h.dir, "slipway");
  let work: WorkTree;
  h.slipwayBin = wrapper;
  const slipway = (args: string[]): Promise<RunResult> => run([wrapper, ...args], { env: h.env });

  before(async () => {
    await buildOldTree(path.join(h.dir, "old"), BEFORE_VERSIONING);
    fs.symlinkSync(path.join(h.dir, "old"), install);
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${install}/bin/slipway "$@"\n`, { mode: 0o755 });
    await h.start();
    work = await new WorkTree(h.clientEnv()).init("hello");
    work.write("slipway.yml", TEMPLATE);
    await work.commit("two services");
    for (const n of [1, 2]) {
      if (n > 1) work.write("index.html", `stack v${n}\n`);
      if (n > 1) await work.commit(`v${n}`);
      const push = await work.push(h.remoteUrl(APP));
      assert.equal(push.code, 0, push.stderr);
    }
  });
  after(async () => {
    work?.remove();
    await h.stop();
  });

  const running = () => runningIds(h, APP);

  async function boots(): Promise<string> {
    const names = await run([
      "docker",
      "ps",
      "--format",
      "{{.Names}}",
      "--filter",
      `label=${h.label}`,
      "--filter",
      "label=slipway.service=store",
    ]);
    const res = await run(["docker", "exec", names.stdout.trim(), "cat", "/data/boots"]);
    return res.stdout;
  }

  it("keeps every container and the volume's data, drops no request, and still deploys and rolls back", async () => {
    let ids: string[] = [];
    for (let i = 0; i < 100 && ids.length !== 2; i++) {
      ids = await running();
      if (ids.length !== 2) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(ids.length, 2, "web and store run");
    const bootsBefore = await boots();
    const loop = startLoadLoop({
      port: h.nginxPort,
      host: `${APP}.${h.domain}`,
      maxRequests: 20_000,
      maxMs: 60_000,
    });
    await upgradeInstall(install, slipway);
    const report = await loop.stop();
    assert.ok(report.sent > 0);
    assert.equal(report.failed, 0, report.failures.join("; "));
    assert.deepEqual(await running(), ids, "the same containers run");
    assert.equal(await boots(), bootsBefore, "the store was not restarted, and its volume kept its data");

    work.write("index.html", "stack v3\n");
    await work.commit("v3");
    const push = await work.push(h.remoteUrl(APP));
    assert.equal(push.code, 0, push.stderr);
    assert.equal((await h.fetch(APP)).body, "stack v3\n");
    const back = await slipway(["rollback", APP, "1"]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((await h.fetch(APP)).body, "hello v1\n");
    assert.match(await boots(), /^boot\n/, "the volume came along to the rolled-back release");
  });
});
