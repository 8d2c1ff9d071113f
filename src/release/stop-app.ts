import { say } from "../output.js";
import { routeApp } from "../proxy/route-app.js";
import { loadApp, saveApp, type AppRecord } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { docker } from "../engine/docker.js";
import { notDeployed } from "./redeploy.js";
import { INIT } from "../engine/supervisors/inits.js";
import { runInit, superviseJobs } from "../engine/supervisors/supervise.js";
import { liveJobs } from "./switch-supervisor.js";

/**
 * `ps:stop`: nginx answers 503 "stopped" first, so no request meets a dying container, then every
 * container of the live release stops. The flag is saved first: a crash part-way stays stopped.
 * The caller holds the app's lock.
 */
export async function stopApp(settings: Settings, app: string): Promise<void> {
  const record = deployed(app);
  const routes = record.routes && { ...record.routes, stopped: true as const };
  saveApp({ ...record, stopped: true, routes });
  if (routes) await routeApp(settings, app, routes);
  const engine = await docker();
  for (const job of liveJobs(settings, app)) {
    say.step(`Stopping ${job.containerName}`);
    const init = settings.supervisor;
    if (init !== "docker") await runInit(settings, init, "stop", INIT[init].file(job.containerName), true);
    // A stopped container stays stopped under Docker's unless-stopped policy, across engine restarts.
    await engine
      .getContainer(job.containerName)
      .stop({ t: settings.stopTimeoutSeconds })
      .catch(notRunningIsFine);
  }
}

/** `ps:start` (and a deploy of a stopped app): the same release's containers run again, then nginx routes to them. */
export async function startApp(settings: Settings, app: string, route = true): Promise<void> {
  const record = deployed(app);
  await startContainers(settings, app);
  const routes = record.routes && { ...record.routes, stopped: undefined };
  if (routes && route) await routeApp(settings, app, routes);
  saveApp({ ...loadApp(app)!, stopped: undefined, routes });
}

/** Start the live release's containers that are not running, under the server's supervisor. */
export async function startContainers(settings: Settings, app: string): Promise<void> {
  const engine = await docker();
  for (const job of liveJobs(settings, app)) {
    const container = engine.getContainer(job.containerName);
    if ((await container.inspect()).State.Running) continue;
    if (settings.supervisor === "docker") await container.start();
    else await superviseJobs(settings, [job]);
  }
}

function deployed(app: string): AppRecord {
  const record = loadApp(app);
  if (!record?.current) throw notDeployed(app);
  return record;
}

function notRunningIsFine(err: { statusCode?: number }): void {
  if (err.statusCode !== 304) throw err;
}
