import type { ChildProcess } from "node:child_process";
import type { Logger } from "winston";
import { runCronJob } from "../run-cron-job.js";
import type { Happening } from "./plan-alerts.js";
import { alertOf } from "./alert-of.js";

const ATTEMPTS = 6;
/** A push cut off by the engine still holds its app's lock until it has undone itself: try again after. */
const RETRY_MS = 5000;

/**
 * The engine came back: run `slipway ps:restore` (the boot restore, in a child so the Docker client
 * stays out of slipwayd) until every app is back or the attempts are used up; then the alert.
 */
export async function restoreAfterEngine(log: Logger, children: Set<ChildProcess>): Promise<Happening> {
  const started = Date.now();
  let last = { exitCode: 1, output: "" };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, RETRY_MS));
    last = await runCronJob(["ps:restore"], children);
    log.log(last.exitCode === 0 ? "info" : "warn", "restore after the engine came back", {
      attempt,
      exitCode: last.exitCode,
      output: last.output,
    });
    if (last.exitCode === 0) break;
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const summary = last.output.match(/(Restored [^\n]*|No apps to restore)/)?.[1] ?? "";
  const message =
    last.exitCode === 0
      ? `the Docker engine restarted; apps restored in ${seconds} s (${summary})`
      : `the Docker engine restarted; some apps could not be restored: ${last.output.trim().split("\n").at(-1)}`;
  return {
    key: "engine",
    alert: alertOf("engine-restarted", message, { restored: last.exitCode === 0, seconds }),
  };
}
