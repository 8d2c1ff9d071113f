import fs from "node:fs";
import { readBackupStatus as readStatusFile } from "../../state/backup-status.js";
import { paths } from "../../state/paths.js";
import type { BackupFact } from "./status-facts.js";

/** The last backup run's outcome; undefined while no target is set (backups:target) and none ever ran. */
export function readBackupStatus(): BackupFact | undefined {
  let stored: ReturnType<typeof readStatusFile>;
  try {
    stored = readStatusFile();
  } catch (err) {
    return {
      lastFailureAt: new Date().toISOString(),
      lastError: `backups/status.json is unreadable: ${err}`,
    };
  }
  if (!stored) return fs.existsSync(paths.backupTarget()) ? {} : undefined;
  const { lastSuccessAt, lastFailureAt, lastError } = stored;
  return { lastSuccessAt, lastFailureAt, lastError };
}
