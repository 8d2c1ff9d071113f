import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { withAppLock } from "../state/app-lock.js";
import { listApps } from "../state/app-state.js";
import { writeBackupStatus } from "../state/backup-status.js";
import type { Settings } from "../state/settings.js";
import { requireTarget, restic } from "./restic.js";
import { retentionArgs } from "./retention-args.js";
import { backupApp, backupServer, runId } from "./run-backup.js";

/**
 * `backups:run [APP]`: one app, or every app then the server's own state and a prune. Each app is
 * backed up under its lock, so no deploy changes it mid-copy. The outcome goes to status.json.
 */
export async function runBackups(settings: Settings, app?: string): Promise<void> {
  const target = requireTarget();
  try {
    const run = runId();
    if (app) await withAppLock(settings, app, () => backupApp(settings, target, app, run));
    else await backupEverything(settings, run);
    // One app backed up says nothing of the others: only a full run marks backups healthy again.
    if (!app) writeBackupStatus(target.scheme, { ok: true });
  } catch (err) {
    writeBackupStatus(target.scheme, { ok: false, error: (err as Error).message });
    throw err;
  }
}

async function backupEverything(settings: Settings, run: string): Promise<void> {
  const target = requireTarget();
  const failed: string[] = [];
  const done: string[] = [];
  for (const { name } of listApps()) {
    try {
      const manifest = await withAppLock(settings, name, () => backupApp(settings, target, name, run));
      if (manifest.parts.length) done.push(name);
    } catch (err) {
      say.warn(`${name} was not backed up: ${(err as Error).message}`);
      failed.push(name);
    }
  }
  await backupServer(settings, target, run, done);
  say.step("Removing snapshots past the retention settings (restic forget --prune)");
  await restic(target, retentionArgs(settings.backups), "forget old snapshots");
  if (failed.length) {
    throw new SlipwayError(
      "backup-failed",
      `${failed.length} app(s) were not backed up: ${failed.join(", ")}`,
      {
        hint: "see the reasons above; the other apps and the server's state were backed up",
      },
    );
  }
}
