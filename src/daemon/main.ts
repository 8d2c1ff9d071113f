import type { Server } from "node:http";
import { printError } from "../cli/print-error.js";
import { SlipwayError } from "../errors.js";
import { paths } from "../state/paths.js";
import { loadSettings } from "../state/settings.js";
import { apiRoutes } from "./api-routes.js";
import { listApps } from "../state/app-state.js";
import { cronEntries } from "./cron-entries.js";
import { CronScheduler } from "./cron-scheduler.js";
import { createLogger } from "./logger.js";
import { removePidFile, runningDaemon, writePidFile } from "./pid-file.js";
import { createDaemonServer } from "./server.js";
import { watchApps } from "./watch-apps.js";

/** slipwayd: start once; a second start finds the first one running and leaves it be. */
async function main(): Promise<number> {
  const pidFile = paths.daemonPid();
  const running = runningDaemon(pidFile);
  if (running) {
    process.stderr.write(`-----> slipwayd is already running (pid ${running})\n`);
    return 0;
  }
  const settings = loadSettings();
  const log = createLogger(paths.daemonLog(), settings.daemon);
  const server = createDaemonServer(apiRoutes, log);
  await listen(server, settings.daemon.port);
  writePidFile(pidFile);
  const cron = new CronScheduler(log);
  const reschedule = () => {
    try {
      cron.sync(cronEntries(listApps()));
    } catch (err) {
      log.error("cron could not read the apps' state", { error: String(err) }); // the next change tries again
    }
  };
  watchApps(paths.appsDir(), reschedule); // a release writes app.json: its cron jobs change with it
  reschedule();
  log.info("slipwayd listening", { address: `127.0.0.1:${settings.daemon.port}`, pid: process.pid });
  process.stderr.write(`-----> slipwayd listening on http://127.0.0.1:${settings.daemon.port}/ (pid ${process.pid})\n`);
  // Log lines are written synchronously, so there is nothing to flush: stop at once.
  const stop = (signal: string) => {
    log.info("slipwayd stopping", { signal });
    cron.stop();
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
      reject(new SlipwayError("listen", `slipwayd cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message}`, {
        hint: "another program holds the port; change daemon.port in settings.json", cause: err,
      })),
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
