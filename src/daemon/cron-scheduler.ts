import type { ChildProcess } from "node:child_process";
import { Cron } from "croner";
import type { Logger } from "winston";
import { planCronChanges, type CronEntry } from "./cron-entries.js";
import { runCronJob, type CronRunResult } from "./run-cron-job.js";

export type CronRunner = (argv: string[], children: Set<ChildProcess>) => Promise<CronRunResult>;
/** Told of every finished run (the alert watch turns a failure into an alert). */
export type CronFinished = (entry: CronEntry, exitCode: number, output: string) => void;

/** Like croner's own timers: never sleep longer than this, so a changed system clock is noticed. */
const MAX_SLEEP_MS = 30_000;

interface Slot {
  entry: CronEntry;
  /** Epoch ms of the next run; Infinity when the schedule has none left. */
  next: number;
}

/**
 * Every scheduled job (each app's cron jobs, the certificate renewal) on one timer. croner computes
 * each job's next run, but no Cron object is kept: each holds a 10,000-slot year table (about
 * 100 kB), 2 MB for 20 jobs in a 60 MB budget.
 * A job whose last run is still going is skipped, not started again.
 */
export class CronScheduler {
  private slots = new Map<string, Slot>();
  /** Names of the jobs with a run in progress: survives a reschedule, so a changed job can't overlap its old run. */
  private running = new Set<string>();
  private children = new Set<ChildProcess>();
  private timer?: NodeJS.Timeout;

  constructor(
    private log: Logger,
    private runner: CronRunner = runCronJob,
    private onFinish?: CronFinished,
  ) {}

  sync(entries: CronEntry[]): void {
    const { stop, start } = planCronChanges(new Set(this.slots.keys()), entries);
    for (const key of stop) this.slots.delete(key);
    const now = new Date();
    for (const e of start) this.slots.set(e.key, { entry: e, next: this.firstRun(e, now) });
    this.arm();
    if (stop.length || start.length)
      this.log.info("cron scheduled", {
        jobs: entries.map((e) => e.name),
        added: start.length,
        removed: stop.length,
      });
  }

  /** Stop the timer and every run in progress (a stopped run kills its container). */
  stop(): void {
    clearTimeout(this.timer);
    this.slots.clear();
    for (const child of this.children) child.kill("SIGTERM");
  }

  /** A pattern croner refuses (a hand-edited state file) leaves that one job unscheduled, not the others. */
  private firstRun(e: CronEntry, now: Date): number {
    try {
      return nextRunAt(e.schedule, now);
    } catch (err) {
      this.log.error("cron job not scheduled", { ...e.fields, error: String(err) });
      return Infinity;
    }
  }

  private arm(): void {
    clearTimeout(this.timer);
    const next = Math.min(...[...this.slots.values()].map((s) => s.next));
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.tick(), Math.min(Math.max(next - Date.now(), 0), MAX_SLEEP_MS));
  }

  private tick(): void {
    const now = Date.now();
    for (const slot of this.slots.values()) {
      if (slot.next > now) continue;
      // Counted from now: runs missed while the host slept are one run, not a burst.
      slot.next = nextRunAt(slot.entry.schedule, new Date(Math.max(now, slot.next)));
      void this.fire(slot.entry);
    }
    this.arm();
  }

  private async fire(e: CronEntry): Promise<void> {
    if (this.running.has(e.name)) {
      this.log.warn("cron run skipped", { ...e.fields, reason: "the previous run is still going" });
      return;
    }
    this.running.add(e.name);
    const started = Date.now();
    this.log.info("cron run started", { ...e.fields });
    try {
      const { exitCode, output } = await this.runner(e.argv, this.children);
      this.log.log(exitCode === 0 ? "info" : "warn", "cron run finished", {
        ...e.fields,
        exitCode,
        durationMs: Date.now() - started,
        output,
      });
      this.onFinish?.(e, exitCode, output);
    } finally {
      this.running.delete(e.name);
    }
  }
}

/** The first run strictly after `from`, by croner. */
export function nextRunAt(schedule: string, from: Date): number {
  return new Cron(schedule, { paused: true }).nextRun(from)?.getTime() ?? Infinity;
}
