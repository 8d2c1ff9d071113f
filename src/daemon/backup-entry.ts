import type { CronEntry } from "./cron-entries.js";
import { checkedPattern } from "./renewal-entry.js";

const JOB = "backups:run";
const HINT = 'use @daily, @hourly, @weekly, or 5 fields (minute hour day month weekday) such as "30 1 * * *"';

/** slipwayd's own job: back up every app and the server (the command does nothing while no target is set). */
export function backupEntry(schedule: string): CronEntry {
  checkedPattern(schedule, "backups.schedule", HINT); // a bad pattern stops slipwayd with the setting's name
  return {
    key: JSON.stringify([JOB, schedule]),
    name: JOB,
    schedule,
    argv: [JOB, "--scheduled"],
    fields: { job: JOB, schedule },
  };
}
