import type { Server } from "node:http";
import os from "node:os";
import { printError } from "../print-error.js";
import { SlipwayError } from "../errors.js";
import { paths } from "../state/paths.js";
import { loadSettings } from "../state/settings.js";
import { startAlertWatch } from "./alerts/alert-watch.js";
import { apiRoutes } from "./api-routes.js";
import { createLogger } from "./logger.js";
import { renewalEntry, renewalSchedule } from "./renewal-entry.js";
import { backupEntry } from "./backup-entry.js";
import { pruneEntry } from "./prune-entry.js";
import { removePidFile, runningDaemon, writePidFile } from "./pid-file.js";
import { scheduleJobs } from "./schedule-jobs.js";
import { followSwarm } from "./follow-swarm.js";
import { previewPruneEntry } from "./preview-prune-entry.js";
import { createDaemonServer } from "./server.js";

/** slipwayd: start once; a second start finds the first one running and leaves it be. */
async function main(): Promise<number> {
  const pidFile = paths.daemonPid();
  const running = runningDaemon(pidFile);
  if (running) {
    process.stderr.write(`-----> slipwayd is already running (pid ${running})\n`);
    return 0;
  }
  const settings = loadSettings();
  // Checked before anything starts: a bad pattern stops slipwayd with the setting's name.
  const renewal = renewalEntry(renewalSchedule(settings.letsencrypt.renewSchedule, os.hostname()));
  const backups = backupEntry(settings.backups.schedule);
  const log = createLogger(paths.daemonLog(), settings.daemon);
  const server = createDaemonServer(apiRoutes, log);
  await listen(server, settings.daemon.port);
  writePidFile(pidFile);
  const alerts = startAlertWatch(settings, log);
  const cron = scheduleJobs(
    log,
    [renewal, previewPruneEntry(), backups, pruneEntry()],
    (entry, code, output) => alerts.cronFinished(entry, code, output),
  );
  const swarm = followSwarm(settings, log);
  log.info("slipwayd listening", { address: `127.0.0.1:${settings.daemon.port}`, pid: process.pid });
  process.stderr.write(
    `-----> slipwayd listening on http://127.0.0.1:${settings.daemon.port}/ (pid ${process.pid})\n`,
  );
  // Log lines are written synchronously, so there is nothing to flush: stop at once.
  const stop = (signal: string) => {
    log.info("slipwayd stopping", { signal });
    cron.stop();
    swarm.stop();
    alerts.stop();
    removePidFile(pidFile);
    process.exit(0);
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return 0;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new SlipwayError(
          "listen",
          `slipwayd cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message}`,
          {
            hint: "another program holds the port; change daemon.port in settings.json",
            cause: err,
          },
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

try {
  process.exitCode = await main();
} catch (err) {
  printError(err, process.argv.includes("--verbose"));
  process.exitCode = err instanceof SlipwayError ? err.exitCode : 1;
}
