import { say } from "../output.js";
import { routeApp } from "../proxy/route-app.js";
import { loadApp } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { withAppSession } from "./app-session.js";
import { startContainers } from "./stop-app.js";

/**
 * At boot: every app's interrupted deploy is undone, its live containers run, and its vhost points
 * at them again. Apps are restored in parallel, and one that fails does not stop the others.
 */
export async function restoreApps(
  settings: Settings,
  apps: string[],
): Promise<{ restored: string[]; failed: string[] }> {
  const results = await Promise.allSettled(
    apps.map((app) => withAppSession(settings, app, () => restoreApp(settings, app))),
  );
  const failed = apps.filter((app, i) => {
    const r = results[i];
    if (r.status === "rejected")
      say.warn(`could not restore ${app}: ${r.reason instanceof Error ? r.reason.message : r.reason}`);
    return r.status === "rejected";
  });
  return { restored: apps.filter((a) => !failed.includes(a)), failed };
}

async function restoreApp(settings: Settings, app: string): Promise<void> {
  const record = loadApp(app);
  if (!record?.current) return;
  // A stopped app stays stopped (its vhost still says so); only its route is put back.
  if (!record.stopped) await startContainers(settings, app);
  if (record.routes) await routeApp(settings, app, record.routes);
}
