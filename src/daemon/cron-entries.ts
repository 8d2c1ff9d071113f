import type { AppRecord } from "../state/app-state.js";

/** One slipway command the daemon runs on a schedule: an app's cron job, or its own certificate renewal. */
export interface CronEntry {
  /** Changes whenever anything that matters to its timer or run does. */
  key: string;
  /** The job across reschedules: while a run under this name is going, its next tick is skipped. */
  name: string;
  schedule: string;
  /** The slipway command one run is, in a child process. */
  argv: string[];
  /** What every log line about its runs carries. */
  fields: Record<string, string>;
}

/** Every deployed app's cron jobs, from its live release. */
export function cronEntries(apps: AppRecord[]): CronEntry[] {
  return apps.flatMap((a) =>
    (a.current?.template?.cron ?? []).map((job) => ({
      key: JSON.stringify([a.name, job.id, job.schedule, job.service, job.run]),
      name: `${a.name}/${job.id}`,
      schedule: job.schedule,
      argv: ["cron:run", a.name, job.id, "--scheduled"],
      fields: { app: a.name, job: job.id, service: job.service, schedule: job.schedule },
    })),
  );
}

/** Which timers to stop and which to start, so an unchanged job keeps its timer across releases. */
export function planCronChanges(
  scheduled: ReadonlySet<string>,
  wanted: CronEntry[],
): { stop: string[]; start: CronEntry[] } {
  const keys = new Set(wanted.map((e) => e.key));
  return {
    stop: [...scheduled].filter((k) => !keys.has(k)),
    start: wanted.filter((e) => !scheduled.has(e.key)),
  };
}
