import { readBackupStatus, type BackupStatus } from "../../state/backup-status.js";
import type { Settings } from "../../state/settings.js";
import { nextRunAt } from "../cron-scheduler.js";
import type { Observation } from "./plan-alerts.js";
import { alertOf } from "./alert-of.js";

const DAY_MS = 86_400_000;

/** From the backups' status file: the last run failed, or the last good one is too old. None before any backup. */
export function checkBackups(settings: Settings, now: number): Observation[] {
  const status = safeStatus();
  if (!status) return [];
  const success = status.lastSuccessAt ? Date.parse(status.lastSuccessAt) : undefined;
  const failure = status.lastFailureAt ? Date.parse(status.lastFailureAt) : undefined;
  const failed = failure !== undefined && (success === undefined || failure > success);
  const stale = success !== undefined && now - success > 2 * schedulePeriod(settings.backups.schedule, now);
  const details = {
    lastSuccessAt: status.lastSuccessAt ?? "never",
    lastFailureAt: status.lastFailureAt ?? "never",
  };
  const failedText = `the last backup failed: ${status.lastError ?? "no reason recorded"}`;
  return [
    {
      key: "backup:failed",
      holds: failed,
      alert: alertOf("backup-failed", failed ? failedText : "backups succeed again", details),
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

/** The time between two runs of backups.schedule (a day when it cannot be read). */
export function schedulePeriod(schedule: string, now: number): number {
  try {
    const first = nextRunAt(schedule, new Date(now));
    const period = nextRunAt(schedule, new Date(first)) - first;
    return Number.isFinite(period) && period > 0 ? period : DAY_MS;
  } catch {
    return DAY_MS;
  }
}

/** A damaged status file is `slipway status`'s to report; the watcher skips it. */
function safeStatus(): BackupStatus | undefined {
  try {
    return readBackupStatus();
  } catch {
    return undefined;
  }
}
