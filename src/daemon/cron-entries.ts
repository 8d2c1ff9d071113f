import type { AppRecord } from "../state/app-state.js";
import type { CronJob } from "../template/template.js";

/** One scheduled job of one app; the key changes whenever anything that matters to its timer or run does. */
export interface CronEntry {
  key: string;
  app: string;
  job: CronJob;
}

/** Every deployed app's cron jobs, from its live release. */
export function cronEntries(apps: AppRecord[]): CronEntry[] {
  return apps.flatMap((a) => (a.current?.template?.cron ?? []).map((job) => ({ key: JSON.stringify([a.name, job.id, job.schedule, job.service, job.run]), app: a.name, job })));
}

/** Which timers to stop and which to start, so an unchanged job keeps its timer across releases. */
export function planCronChanges(scheduled: ReadonlySet<string>, wanted: CronEntry[]): { stop: string[]; start: CronEntry[] } {
  const keys = new Set(wanted.map((e) => e.key));
  return { stop: [...scheduled].filter((k) => !keys.has(k)), start: wanted.filter((e) => !scheduled.has(e.key)) };
}
