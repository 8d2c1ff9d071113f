import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { restoreApp } from "../../../src/backup/restore-app.js";
import { backupApp } from "../../../src/backup/run-backup.js";
import { defaultSettings } from "../../../src/state/settings.js";

// The server's own state is stored as `server`: an app of that name must not be taken for it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-server-name-"));
const saved = process.env.SLIPWAY_STATE;
const target = { url: path.join(dir, "no-repository"), scheme: "local" as const };
const settings = { ...defaultSettings, reposDir: path.join(dir, "repos") };

before(() => {
  process.env.SLIPWAY_STATE = path.join(dir, "state");
});
after(() => {
  if (saved === undefined) delete process.env.SLIPWAY_STATE;
  else process.env.SLIPWAY_STATE = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

test("an app named server is neither backed up nor restored, with the way out; nothing is written", async () => {
  const refused = { code: "backup-app-name", hint: /apps:rename server NEW/ };
  await assert.rejects(backupApp(settings, target, "server", "20261130T160000Z"), refused);
  await assert.rejects(restoreApp(settings, target, { from: "server" }), refused);
  await assert.rejects(restoreApp(settings, target, { from: "shop", to: "server" }), refused);
  assert.ok(!fs.existsSync(path.join(dir, "state", "apps", "server")));
});
