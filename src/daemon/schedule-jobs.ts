import type { Logger } from "winston";
import { listApps } from "../state/app-state.js";
import { paths } from "../state/paths.js";
import { cronEntries, type CronEntry } from "./cron-entries.js";
import { CronScheduler, type CronFinished } from "./cron-scheduler.js";
import { runCronJob } from "./run-cron-job.js";
import { watchApps } from "./watch-apps.js";

/** The daemon's own jobs and every app's cron jobs on one scheduler; the apps' are re-read whenever an app's state changes. */
export function scheduleJobs(log: Logger, daemonJobs: CronEntry[], onFinish?: CronFinished): CronScheduler {
  const cron = new CronScheduler(log, runCronJob, onFinish);
  let appJobs: CronEntry[] = [];
  const reschedule = () => {
    try {
      appJobs = cronEntries(listApps());
    } catch (err) {
      log.error("cron could not read the apps' state", { error: String(err) }); // the jobs read last stay; the next change tries again
    }
    cron.sync([...daemonJobs, ...appJobs]);
  };
  watchApps(paths.appsDir(), reschedule); // a release writes app.json: its cron jobs change with it
  reschedule();
  return cron;
}
