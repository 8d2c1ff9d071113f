import { recordCronRun, type CronLine } from "../state/cron-runs.js";
import type { Settings } from "../state/settings.js";
import { commandArgv } from "../template/command-argv.js";
import type { CronJob } from "../template/template.js";
import { runOneOff } from "./run-one-off.js";

/**
 * One run of a cron job in a one-off container of its service. Its output is printed and also
 * kept with the run's result, so `logs APP` and `cron:list` show them after the container is gone.
 */
export async function runCronOneOff(
  settings: Settings,
  app: string,
  job: CronJob,
  trigger: string,
): Promise<number> {
  const startedAt = new Date().toISOString();
  const lines = new LineCollector();
  const exitCode = await runOneOff(settings, {
    app,
    service: job.service,
    kind: "cron",
    cmd: commandArgv(job.run),
    stdin: "none",
    extraLabels: { "slipway.cron": job.id, "slipway.cron-trigger": trigger },
    onOutput: (chunk) => lines.push(chunk),
  });
  recordCronRun(
    app,
    job.id,
    { startedAt, finishedAt: new Date().toISOString(), exitCode, trigger },
    lines.end(),
  );
  return exitCode;
}

/** Output split into lines, each stamped with when it arrived. */
export class LineCollector {
  private lines: CronLine[] = [];
  private partial = "";

  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString("utf8")).split("\n");
    this.partial = parts.pop()!;
    const time = new Date().toISOString();
    for (const text of parts) this.lines.push({ time, text });
  }

  end(): CronLine[] {
    if (this.partial) this.lines.push({ time: new Date().toISOString(), text: this.partial });
    this.partial = "";
    return this.lines;
  }
}
