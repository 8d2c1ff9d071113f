import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ROOT, run } from "../support/harness.js";

/** The unit configure-system.sh installs, rendered by its own function with this checkout as the install dir. */
async function renderUnit(): Promise<string> {
  const script = [
    `eval "$(sed -n '/^slipwayd_unit()/,/^}/p' configure-system.sh)"`,
    `GIT_USER=git STATE_DIR=/var/lib/slipway GIT_HOME=/home/git INSTALL_DIR=${JSON.stringify(ROOT)} slipwayd_unit`,
  ].join("\n");
  const res = await run(["bash", "-c", script], { cwd: ROOT });
  assert.equal(res.code, 0, res.stderr);
  return res.stdout;
}

test("slipwayd's systemd unit restarts it always, without a start limit, and passes systemd-analyze verify", async () => {
  const unit = await renderUnit();
  const section = (name: string) => unit.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? "";
  assert.match(
    section("Unit"),
    /^StartLimitIntervalSec=0$/m,
    "a burst of crashes never makes systemd give up",
  );
  assert.match(section("Service"), /^Restart=always$/m);
  assert.match(section("Service"), /^RestartSec=1$/m);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipwayd-unit-"));
  try {
    const file = path.join(dir, "slipwayd.service");
    fs.writeFileSync(file, unit);
    const res = await run(["systemd-analyze", "verify", "--man=no", file], { cwd: dir });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.equal(
      res.stderr
        .split("\n")
        .filter((l) => l.includes("slipwayd.service"))
        .join("\n"),
      "",
      "no warnings about the unit",
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
