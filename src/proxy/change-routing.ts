import { withAppLock } from "../state/app-lock.js";
import { loadApp, requireApp } from "../state/app-state.js";
import { loadRouting, saveRouting, type RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { routeApp } from "./route-app.js";

/**
 * Apply a routing change under the app's lock: a deployed app is re-routed with the new state
 * first, and the state is saved only once nginx took it. A never-deployed app just stores it.
 */
export async function changeRouting(
  settings: Settings,
  app: string,
  change: (current: RoutingState) => RoutingState | Promise<RoutingState>,
): Promise<RoutingState> {
  requireApp(app);
  return withAppLock(settings, app, async () => {
    const next = await change(loadRouting(app));
    const target = loadApp(app)?.routes;
    if (target) await routeApp(settings, app, target, next);
    saveRouting(app, next);
    return next;
  });
}
