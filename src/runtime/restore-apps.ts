import { say } from "../cli/output.js";
import { routeApp } from "../proxy/route-app.js";
import { loadApp } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { withAppSession } from "./app-session.js";
import { docker } from "./docker.js";
import { jobFor, superviseJobs } from "./supervisors/supervise.js";

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
  for (const [service, state] of Object.entries(record.current.services)) {
    for (const [i, c] of state.containers.entries()) {
      const info = await engine.getContainer(c.id).inspect();
      if (info.State.Running) continue;
      if (settings.supervisor === "docker") await engine.getContainer(c.id).start();
      else await superviseJobs(settings, [jobFor(settings, { app, service, instance: i + 1, containerName: c.name })]);
    }
  }
  if (record.routes) await routeApp(settings, app, record.routes);
}
