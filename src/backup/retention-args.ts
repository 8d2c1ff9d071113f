import type { BackupSettings } from "../state/settings-parts.js";

/**
 * restic's forget arguments: each part of each app is its own group (host and path), so keeping
 * N daily snapshots keeps N days of every app's state, images and volumes alike.
 */
export function retentionArgs(b: BackupSettings): string[] {
  return [
    "forget",
    "--prune",
    "--group-by",
    "host,paths",
    "--keep-daily",
    String(b.keepDaily),
    "--keep-weekly",
    String(b.keepWeekly),
    "--keep-monthly",
    String(b.keepMonthly),
  ];
}
