import type { ChildProcess } from "node:child_process";
import { Cron } from "croner";
import type { Logger } from "winston";
import { planCronChanges, type CronEntry } from "./cron-entries.js";
import { runCronJob, type CronRunResult } from "./run-cron-job.js";

export type CronRunner = (app: string, id: string, children: Set<ChildProcess>) => Promise<CronRunResult>;

/** croner timers for every app's cron jobs; a job whose last run is still going is skipped, not started again. */
export class CronScheduler {
  private timers = new Map<string, Cron>();
  /** app/id of runs in progress: survives a reschedule, so a new timer can't overlap an old run. */
  private running = new Set<string>();
  private children = new Set<ChildProcess>();

  constructor(private log: Logger, private runner: CronRunner = runCronJob) {}

  sync(entries: CronEntry[]): void {
    const { stop, start } = planCronChanges(new Set(this.timers.keys()), entries);
    for (const key of stop) {
      this.timers.get(key)!.stop();
      this.timers.delete(key);
    }
    for (const e of start) this.timers.set(e.key, new Cron(e.job.schedule, {}, () => this.fire(e)));
    if (stop.length || start.length) this.log.info("cron scheduled", { jobs: entries.map((e) => `${e.app}/${e.job.id}`), added: start.length, removed: stop.length });
  }

  /** Stop every timer and every run in progress (a stopped run kills its container). */
  stop(): void {
    for (const t of this.timers.values()) t.stop();
    this.timers.clear();
    for (const child of this.children) child.kill("SIGTERM");
  }

  private async fire(e: CronEntry): Promise<void> {
    const job = `${e.app}/${e.job.id}`;
    if (this.running.has(job)) {
      this.log.warn("cron run skipped", { app: e.app, job: e.job.id, reason: "the previous run is still going" });
      return;
    }
    this.running.add(job);
    const started = Date.now();
    this.log.info("cron run started", { app: e.app, job: e.job.id, service: e.job.service, schedule: e.job.schedule });
    try {
      const { exitCode, output } = await this.runner(e.app, e.job.id, this.children);
      this.log.log(exitCode === 0 ? "info" : "warn", "cron run finished", { app: e.app, job: e.job.id, exitCode, durationMs: Date.now() - started, output });
    } finally {
      this.running.delete(job);
    }
  }
}
