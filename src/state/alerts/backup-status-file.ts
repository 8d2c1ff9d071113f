import { readJson } from "../atomic-write.js";
import { paths } from "../paths.js";

/**
 * `<state>/backups/status.json` as the backups work writes it (src/state/backup-status.ts on that
 * branch); read here alone until the two are unified.
 */
export interface BackupStatusFile {
  version: number;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastError?: string;
}

/** Undefined when backups never ran or the file is unreadable: no backup alert then. */
export function readBackupStatusFile(): BackupStatusFile | undefined {
  try {
    return readJson<BackupStatusFile>(paths.backupStatus());
  } catch {
    return undefined;
  }
}
