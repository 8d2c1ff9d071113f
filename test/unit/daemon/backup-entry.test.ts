import assert from "node:assert/strict";
import { test } from "node:test";
import { backupEntry } from "../../../src/daemon/backup-entry.js";
import { nextRunAt } from "../../../src/daemon/cron-scheduler.js";
import { defaultSettings } from "../../../src/state/settings.js";

test("slipwayd backs up once a day by default, with the command that skips quietly when no target is set", () => {
  const entry = backupEntry(defaultSettings.backups.schedule);
  assert.deepEqual(entry.argv, ["backups:run", "--scheduled"]);
  const first = nextRunAt(entry.schedule, new Date(2026, 0, 10, 12));
  assert.equal(nextRunAt(entry.schedule, new Date(first)) - first, 24 * 3_600_000);
});

test("a schedule croner refuses stops slipwayd naming backups.schedule", () => {
  for (const bad of ["every night", "0 0 30 2 *"])
    assert.throws(() => backupEntry(bad), /backups\.schedule .* is not a usable cron pattern/);
});
