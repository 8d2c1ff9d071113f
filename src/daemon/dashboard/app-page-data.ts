import { listReleases, type AppRecord } from "../../state/app-state.js";
import { loadConfig } from "../../state/config.js";
import { loadCronRun, type CronRunSummary } from "../../state/cron-runs.js";
import { listPushes, type PushRecord } from "../../state/push-output.js";
import { loadRouting, type CertRecord, type DomainRoute } from "../../state/routing-state.js";
import type { Settings } from "../../state/settings.js";
import { appLight, type AppLight } from "./app-light.js";
import { appContainers, containerUsage } from "./engine-query.js";

/** Releases shown on the page; `releases APP` lists them all. */
const SHOWN_RELEASES = 15;
/** The engine samples CPU for about a second; a container that takes longer shows no figures. */
const USAGE_TIMEOUT_MS = 3000;

export interface ContainerRow {
  service: string;
  name: string;
  state: string;
  cpuPercent?: number;
  memoryBytes?: number;
}

export interface ReleaseRow {
  number: number;
  live: boolean;
  cause: string;
  sha?: string;
  by?: string;
  at: string;
}

export interface AppPage {
  name: string;
  light: AppLight;
  release?: number;
  defaultDomain: string;
  containers: ContainerRow[];
  releases: ReleaseRow[];
  configNames: string[];
  domains: DomainRoute[];
  cert?: CertRecord;
  cron: { id: string; schedule: string; service: string; last?: CronRunSummary }[];
  pushes: PushRecord[];
  services: string[];
}

/** Everything the app page shows; config values are never read into it, only their names. */
export async function loadAppPage(settings: Settings, app: AppRecord): Promise<AppPage> {
  const containers = await liveContainers(app);
  const running = new Set(containers.filter((c) => c.state === "running").map((c) => c.id));
  const pushes = listPushes(app.name);
  const routing = loadRouting(app.name);
  return {
    name: app.name,
    light: appLight(app, running, pushes[0]),
    release: app.current?.number,
    defaultDomain: `${app.name}.${settings.domain}`,
    containers,
    releases: releaseRows(app),
    configNames: Object.keys(loadConfig(app.name)).sort(),
    domains: routing.domains,
    cert: routing.cert,
    cron: (app.current?.template.cron ?? []).map((j) => ({ ...j, last: loadCronRun(app.name, j.id)?.last })),
    pushes,
    services: Object.keys(app.current?.services ?? {}),
  };
}

function releaseRows(app: AppRecord): ReleaseRow[] {
  return listReleases(app.name)
    .slice(0, SHOWN_RELEASES)
    .map((r) => ({
      number: r.number,
      live: r.number === app.current?.number,
      cause: r.cause,
      sha: r.sha?.slice(0, 7),
      by: r.pushedBy,
      at: r.deployedAt,
    }));
}

/** The live release's containers with the engine's state, and CPU and memory for the running ones. */
async function liveContainers(app: AppRecord): Promise<(ContainerRow & { id: string })[]> {
  const engine = new Map((await appContainers().catch(() => [])).map((c) => [c.Id, c]));
  const refs = Object.entries(app.current?.services ?? {}).flatMap(([service, s]) =>
    s.containers.map((c) => ({
      service,
      id: c.id,
      name: c.name,
      state: engine.get(c.id)?.State ?? "missing",
    })),
  );
  return Promise.all(
    refs.map(async (c) => (c.state === "running" ? { ...c, ...(await usageOrNothing(c.id)) } : c)),
  );
}

async function usageOrNothing(id: string) {
  const timeout = new Promise<object>((resolve) => setTimeout(() => resolve({}), USAGE_TIMEOUT_MS).unref());
  return Promise.race([containerUsage(id).catch(() => ({})), timeout]);
}
