import { readBackupStatusFile } from "../../state/alerts/backup-status-file.js";
import type { AlertSettings } from "../../state/settings-parts.js";
import type { Observation } from "./plan-alerts.js";
import { alertOf } from "./alert-of.js";

const HOUR_MS = 3_600_000;

/** From the backups' status file: the last run failed, or the last good one is too old. None before any backup. */
export function checkBackups(opts: AlertSettings, now: number): Observation[] {
  const status = readBackupStatusFile();
  if (!status) return [];
  const success = status.lastSuccessAt ? Date.parse(status.lastSuccessAt) : undefined;
  const failure = status.lastFailureAt ? Date.parse(status.lastFailureAt) : undefined;
  const failed = failure !== undefined && (success === undefined || failure > success);
  const staleAfter = 2 * opts.backupPeriodHours * HOUR_MS;
  const stale = success !== undefined && now - success > staleAfter;
  const details = {
    lastSuccessAt: status.lastSuccessAt ?? "never",
    lastFailureAt: status.lastFailureAt ?? "never",
  };
  return [
    {
      key: "backup:failed",
      holds: failed,
      alert: alertOf(
        "backup-failed",
        failed
          ? `the last backup failed: ${status.lastError ?? "no reason recorded"}`
          : "backups succeed again",
        details,
      ),
    },
    {
      key: "backup:stale",
      holds: stale,
      alert: alertOf(
        "backup-stale",
        stale ? `the last good backup is from ${status.lastSuccessAt}` : "a recent backup succeeded",
        details,
      ),
    },
  ];
}
