import { readJson, writeJsonAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

/** How the last backup run went: read by alerts and `slipway status`, written after every run. */
export interface BackupStatus {
  version: 1;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastError?: string;
  /** The target's scheme only (local, sftp, s3, rest): never a path, host or secret. */
  target: string;
}

/** The status file, or undefined before the first run. */
export function readBackupStatus(): BackupStatus | undefined {
  return readJson<BackupStatus>(paths.backupStatus());
}

/** Record one run's outcome, keeping the time of the last success across failures. */
export function writeBackupStatus(
  target: string,
  outcome: { ok: true } | { ok: false; error: string },
): void {
  const now = new Date().toISOString();
  const last = readBackupStatus();
  const status: BackupStatus = outcome.ok
    ? { version: 1, lastSuccessAt: now, lastFailureAt: last?.lastFailureAt, target }
    : {
        version: 1,
        lastSuccessAt: last?.lastSuccessAt,
        lastFailureAt: now,
        lastError: outcome.error,
        target,
      };
  writeJsonAtomic(paths.backupStatus(), status, 0o600); // lastError can name apps and paths
}
