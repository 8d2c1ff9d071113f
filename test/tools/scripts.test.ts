import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ROOT, run } from "../support/harness.js";

const SCRIPTS = [
  "configure-system.sh",
  "provisioning/vagrant.sh",
  "provisioning/supervisor-job",
  "test/run.sh",
  "test/setup.sh",
  ".ci/run",
  "bin/slipway",
  "bin/gitreceive",
  "bin/slipwayd",
  "bin/slipway-build-firewall",
];

test("shell scripts pass shellcheck", async () => {
  const res = await run(["shellcheck", ...SCRIPTS], { cwd: ROOT });
  assert.equal(res.code, 0, res.stdout + res.stderr);
});

// An empty HOME and dotfile dir: no ~/.vagrant.d plugin or box, and no VirtualBox, can decide the result.
test("the Vagrantfile is valid for vagrant, on a machine with no provider", async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-vagrant-"));
  const env = {
    PATH: process.env.PATH,
    HOME: scratch,
    VAGRANT_HOME: path.join(scratch, "vagrant.d"),
    VAGRANT_DOTFILE_PATH: path.join(scratch, "dotfile"),
    VAGRANT_CWD: ROOT,
    VAGRANT_CHECKPOINT_DISABLE: "1",
  };
  try {
    const res = await run(["vagrant", "validate", "--ignore-provider"], {
      cwd: ROOT,
      env,
      timeoutMs: 60_000,
    });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /validated successfully/);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
