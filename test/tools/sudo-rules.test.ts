import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { defaultSettings } from "../../src/state/settings.js";
import { ROOT, run } from "../support/harness.js";

const script = fs.readFileSync(path.join(ROOT, "configure-system.sh"), "utf8");
const docs = fs.readFileSync(path.join(ROOT, "docs", "how-it-works.md"), "utf8");

/** What configure-system.sh writes to a sudoers file, with its variables as they are set in the script. */
function written(file: string): string {
  const m = new RegExp(`write_file ${file} 440 "([^"]*)"`).exec(script);
  assert.ok(m, `configure-system.sh writes ${file}`);
  const vars: Record<string, string> = {
    GIT_USER: /^GIT_USER=(\S+)$/m.exec(script)![1],
    SUPERVISOR_HELPER: /^SUPERVISOR_HELPER=(\S+)$/m.exec(script)![1],
    INSTALL_DIR: /^INSTALL_DIR=\$\{SLIPWAY_INSTALL_DIR:-(\S+)\}$/m.exec(script)![1],
  };
  return m[1].replace(
    /\$(\w+)/g,
    (_, name: string) => vars[name] ?? assert.fail(`unknown variable $${name}`),
  );
}

test("the sudo rules configure-system.sh writes are the ones docs/how-it-works.md lists, word for word, and visudo accepts them", async () => {
  const section = docs.slice(docs.indexOf("### sudo rules"), docs.indexOf("## On disk"));
  const blocks = [...section.matchAll(/```\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  const files = ["/etc/sudoers.d/slipway", "/etc/sudoers.d/slipway-supervisor"];
  assert.deepEqual(blocks, files.map(written));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-sudoers-"));
  try {
    for (const [i, text] of blocks.entries()) {
      const file = path.join(dir, String(i));
      fs.writeFileSync(file, `${text}\n`, { mode: 0o440 });
      const res = await run(["visudo", "-cqf", file]);
      assert.equal(res.code, 0, res.stdout + res.stderr);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // Three programs, with nothing but the supervisor helper's path taking arguments of the caller's.
  assert.deepEqual(
    blocks.flatMap((b) =>
      b
        .split("\n")
        .filter((l) => !l.startsWith("#"))
        .flatMap((l) => l.split("NOPASSWD: ")[1].split(", ")),
    ),
    [
      "/usr/sbin/nginx -s reload",
      "/opt/slipway/bin/slipway-build-firewall add slipway-build",
      defaultSettings.supervisorHelper,
    ],
  );
  // What a build runs is that rule, for the default bridge, wherever this checkout is installed.
  const [sudo, n, helper] = defaultSettings.builders.firewall;
  assert.deepEqual([sudo, n, helper], ["sudo", "-n", path.join(ROOT, "bin", "slipway-build-firewall")]);
  assert.equal(defaultSettings.builders.network, "slipway-build");
});
