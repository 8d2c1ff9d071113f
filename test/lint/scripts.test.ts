import assert from "node:assert/strict";
import { test } from "node:test";
import { ROOT, run } from "../support/harness.js";

const SCRIPTS = ["configure-system.sh", "provisioning/vagrant.sh", "test/run.sh", ".ci/run", "bin/slipway", "bin/gitreceive", "bin/slipwayd", "bin/slipway-build-firewall"];

test("shell scripts pass shellcheck", async () => {
  const res = await run(["shellcheck", ...SCRIPTS], { cwd: ROOT });
  assert.equal(res.code, 0, res.stdout + res.stderr);
});

test("the Vagrantfile is valid for vagrant", async () => {
  const res = await run(["vagrant", "validate"], { cwd: ROOT, env: { ...process.env, VAGRANT_CWD: ROOT } });
  assert.equal(res.code, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /validated successfully/);
});
