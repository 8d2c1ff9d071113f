import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { runBackups } from "../../../src/backup/run-backups.js";
import { saveApp } from "../../../src/state/app-state.js";
import { writeJsonAtomic } from "../../../src/state/atomic-write.js";
import { readBackupStatus, writeBackupStatus } from "../../../src/state/backup-status.js";
import { paths } from "../../../src/state/paths.js";
import { defaultSettings } from "../../../src/state/settings.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-run-backups-"));
const saved = process.env.SLIPWAY_STATE;

before(() => {
  process.env.SLIPWAY_STATE = path.join(dir, "state");
  fs.mkdirSync(paths.backupsDir(), { recursive: true });
  writeJsonAtomic(paths.backupTarget(), { url: path.join(dir, "repo"), scheme: "local" }, 0o600);
});
after(() => {
  if (saved === undefined) delete process.env.SLIPWAY_STATE;
  else process.env.SLIPWAY_STATE = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

test("one app backed up does not mark backups healthy after a failed full run", async () => {
  writeBackupStatus("local", { ok: false, error: "2 app(s) were not backed up: blog, notes" });
  const failed = readBackupStatus();
  // An app with no release yet: its backup succeeds without touching restic.
  saveApp({ name: "shop", createdAt: new Date().toISOString(), lastRelease: 0 });
  await runBackups({ ...defaultSettings }, "shop");
  assert.deepEqual(readBackupStatus(), failed, "status.json still says the last full run failed");
  assert.equal(fs.statSync(paths.backupStatus()).mode & 0o777, 0o600, "its errors can name apps");
});
