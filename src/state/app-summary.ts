import type { AppRecord } from "./app-state.js";
import type { Settings } from "./settings.js";

/** One app as listings show it, the same for `apps:list` and GET /api/v1/apps. */
export function appSummary(settings: Settings, app: AppRecord) {
  return {
    name: app.name,
    release: app.current?.number,
    sha: app.current?.sha?.slice(0, 7),
    deployed: app.current?.deployedAt,
    url: app.current ? `http://${app.name}.${settings.domain}/` : undefined,
  };
}
