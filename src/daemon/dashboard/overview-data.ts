import { visibleApps, type Caller } from "../../git/access-scope.js";
import { listApps, type AppRecord } from "../../state/app-state.js";
import { listPushes } from "../../state/push-output.js";
import fs from "node:fs";
import { paths } from "../../state/paths.js";
import { emptyRouting, loadRouting, type RoutingState } from "../../state/routing-state.js";
import type { Settings } from "../../state/settings.js";
import { appLight, type AppLight } from "./app-light.js";
import { appContainers } from "./engine-query.js";
import { nodeHealth } from "./node-health.js";
import { serverHealth, type HealthItem } from "./server-health.js";

/** One app's line on the overview. */
export interface OverviewRow extends AppLight {
  name: string;
  release?: number;
  deployedAt?: string;
  by?: string;
  cause?: string;
  domains: string[];
}

export interface Overview {
  rows: OverviewRow[];
  health: HealthItem[];
  /** Set when the engine did not answer: lights then cannot say what runs. */
  engineProblem?: string;
}

/** The ids of running containers, or the engine's failure as a message. */
export async function runningContainerIds(): Promise<{ ids: Set<string>; problem?: string }> {
  try {
    const all = await appContainers();
    return { ids: new Set(all.filter((c) => c.State === "running").map((c) => c.Id)) };
  } catch (err) {
    return { ids: new Set(), problem: (err as Error).message };
  }
}

/** Every app the caller may see, with its light; one engine call for all of them. */
export async function loadOverview(settings: Settings, caller: Caller): Promise<Overview> {
  const apps = visibleApps(caller, listApps());
  const { ids, problem } = await runningContainerIds();
  const routing = new Map(apps.map((a) => [a.name, routingOf(a.name)]));
  const rows = apps.map((app) => overviewRow(settings, app, ids, routing.get(app.name)!));
  const health =
    caller.scope === "admin" ? [...serverHealth(settings, routing), ...(await nodeHealth())] : [];
  return { rows, health, engineProblem: problem };
}

/** An app's routing; most apps have no file (no domains yet), and that is checked without an error. */
function routingOf(app: string): RoutingState {
  return fs.existsSync(paths.appRouting(app)) ? loadRouting(app) : emptyRouting();
}

export function overviewRow(
  settings: Settings,
  app: AppRecord,
  running: Set<string>,
  routing: RoutingState,
): OverviewRow {
  const current = app.current;
  return {
    name: app.name,
    ...appLight(app, running, listPushes(app.name)[0]),
    release: current?.number,
    deployedAt: current?.deployedAt,
    by: current?.pushedBy,
    cause: current?.cause,
    domains: [`${app.name}.${settings.domain}`, ...routing.domains.map((d) => d.name)],
  };
}
