import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import type { Logger } from "winston";
import { takeQueuedAlerts } from "../../state/alerts/alert-outbox.js";
import { loadAlertMemory, saveAlertMemory } from "../../state/alerts/alert-memory.js";
import { paths } from "../../state/paths.js";
import type { Settings } from "../../state/settings.js";
import type { CronEntry } from "../cron-entries.js";
import { alertOf } from "./alert-of.js";
import { checkBackups } from "./check-backups.js";
import { checkCerts } from "./check-certs.js";
import { checkDisk } from "./check-disk.js";
import { CrashLoops } from "./crash-loops.js";
import { deliverAlerts } from "./deliver-alerts.js";
import { planAlerts, type Happening, type Observation } from "./plan-alerts.js";
import { healthProbes } from "./probe-services.js";
import { restoreAfterEngine } from "./restore-after-engine.js";
import { watchEngine } from "./watch-engine.js";

const RENEW_JOB = "letsencrypt:auto-renew";
/** Its outcome is in the backups' status file, which the backup checks read. */
const BACKUP_JOB = "backups:run";

export interface AlertWatch {
  /** A scheduled job finished: a failure is a condition until its next good run. */
  cronFinished(entry: CronEntry, exitCode: number, output: string): void;
  stop(): void;
}

/**
 * slipwayd's watching: engine events (crash loops, OOM kills, the engine going and coming back),
 * a round of checks every alerts.checkSeconds, and the events commands queue; one planner decides.
 */
export function startAlertWatch(settings: Settings, log: Logger): AlertWatch {
  const opts = settings.alerts;
  const crashes = new CrashLoops(opts);
  const cronObservations = new Map<string, Observation>();
  const happenings: Happening[] = [];
  const children = new Set<ChildProcess>();
  const probeServices = healthProbes();
  let busy: Promise<void> | undefined;
  let again: "none" | "quick" | "full" = "none";

  const round = async (full: boolean) => {
    const observations = [...cronObservations.values(), ...crashes.observe()];
    if (full)
      observations.push(
        ...checkDisk(opts),
        ...checkCerts(settings, Date.now()),
        ...checkBackups(settings, Date.now()),
        ...(await probeServices()),
      );
    const queued = takeQueuedAlerts().map((alert) => ({ alert }));
    const memory = loadAlertMemory();
    const plan = planAlerts(
      memory,
      { happenings: [...queued, ...happenings.splice(0), ...crashes.takeHappenings()], observations },
      Date.now(),
      opts.repeatMinutes * 60_000,
    );
    if (JSON.stringify(plan.memory) !== JSON.stringify(memory)) saveAlertMemory(plan.memory);
    await deliverAlerts(plan.send, opts, log);
  };
  // Rounds never overlap: a request during one runs once after it (a full one if any asked for full).
  const request = (full: boolean) => {
    if (busy) {
      again = full || again === "full" ? "full" : "quick";
      return;
    }
    busy = round(full)
      .catch((err) => void log.error("alert round failed", { error: String(err) }))
      .finally(() => {
        busy = undefined;
        const next = again;
        again = "none";
        if (next !== "none") request(next === "full");
      });
  };

  const stopEngine = watchEngine({
    labels: ["slipway.app", ...Object.entries(settings.labels).map(([k, v]) => `${k}=${v}`)],
    onEvent: (e) => {
      crashes.record(e);
      request(false);
    },
    onGone: (why) => log.warn("the Docker engine is not answering", { why }),
    onBack: (afterLoss) => {
      if (!afterLoss) return;
      log.info("the Docker engine is back; restoring apps");
      void restoreAfterEngine(log, children).then((h) => (happenings.push(h), request(true)));
    },
  });
  fs.mkdirSync(paths.alertOutbox(), { recursive: true });
  const outbox = fs.watch(paths.alertOutbox(), () => request(false)).on("error", () => {});
  // The first round waits a period too: a starting daemon has the restore and the API to get going.
  const timer = setInterval(() => request(true), opts.checkSeconds * 1000);

  return {
    cronFinished(entry, exitCode, output) {
      if (entry.name === BACKUP_JOB) return request(true);
      const renewal = entry.name === RENEW_JOB;
      const lastLine = output.trim().split("\n").at(-1) ?? "";
      const what = renewal ? "the certificate renewal" : `cron job ${entry.name}`;
      const message =
        exitCode === 0 ? `${what} succeeded again` : `${what} failed (exit ${exitCode}): ${lastLine}`;
      const alert = alertOf(
        renewal ? "cert-renewal-failed" : "cron-failed",
        message,
        { job: entry.name, exitCode },
        entry.fields.app,
      );
      const key = `cron:${entry.name}`;
      cronObservations.set(key, { key, holds: exitCode !== 0, alert });
      request(false);
    },
    stop() {
      stopEngine();
      outbox.close();
      clearInterval(timer);
      for (const child of children) child.kill("SIGTERM");
    },
  };
}
