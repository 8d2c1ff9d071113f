import { say } from "../output.js";
import { routeApp } from "../proxy/route-app.js";
import { loadApp } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { withAppSession } from "./app-session.js";
import { docker } from "../engine/docker.js";
import { superviseJobs } from "../engine/supervisors/supervise.js";
import { liveJobs } from "./switch-supervisor.js";

/**
 * At boot: every app's interrupted deploy is undone, its live containers run, and its vhost points
 * at them again. Apps are restored in parallel, and one that fails does not stop the others.
 */
export async function restoreApps(settings: Settings, apps: string[]): Promise<{ restored: string[]; failed: string[] }> {
  const results = await Promise.allSettled(apps.map((app) => withAppSession(settings, app, () => restoreApp(settings, app))));
  const failed = apps.filter((app, i) => {
    const r = results[i];
    if (r.status === "rejected") say.warn(`could not restore ${app}: ${r.reason instanceof Error ? r.reason.message : r.reason}`);
    return r.status === "rejected";
  });
  return { restored: apps.filter((a) => !failed.includes(a)), failed };
}

async function restoreApp(settings: Settings, app: string): Promise<void> {
  const record = loadApp(app);
  if (!record?.current) return;
  const engine = await docker();
  for (const job of liveJobs(settings, app)) {
    const container = engine.getContainer(job.containerName);
    if ((await container.inspect()).State.Running) continue;
    if (settings.supervisor === "docker") await container.start();
    else await superviseJobs(settings, [job]);
  }
  if (record.routes) await routeApp(settings, app, record.routes);
}
