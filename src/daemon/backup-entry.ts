import { SlipwayError } from "../errors.js";
import type { CronEntry } from "./cron-entries.js";
import { nextRunAt } from "./cron-scheduler.js";

const JOB = "backups:run";

/** slipwayd's own job: back up every app and the server (the command does nothing while no target is set). */
export function backupEntry(schedule: string): CronEntry {
  checkSchedule(schedule);
  return {
    key: JSON.stringify([JOB, schedule]),
    name: JOB,
    schedule,
    argv: [JOB, "--scheduled"],
    fields: { job: JOB, schedule },
  };
}

/** Checked when slipwayd starts: a bad pattern stops it with the setting's name. */
function checkSchedule(schedule: string): void {
  let cause: unknown;
  try {
    if (nextRunAt(schedule, new Date()) !== Infinity) return;
  } catch (err) {
    cause = err;
  }
  const why = cause instanceof Error ? `: ${cause.message}` : ": it never runs";
  throw new SlipwayError(
    "settings",
    `backups.schedule ${JSON.stringify(schedule)} is not a usable cron pattern${why}`,
    {
      hint: 'use @daily, @hourly, @weekly, or 5 fields (minute hour day month weekday) such as "30 1 * * *"',
      cause,
    },
  );
}
