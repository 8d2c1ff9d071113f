import { withAppLock } from "../state/app-lock.js";
import { listApps, loadApp, saveApp, type AppRecord, type ServiceState } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { probeHttp, probeTcp } from "../engine/health-probes.js";
import { planUpstreams, taskAddresses } from "../engine/swarm/plan-upstreams.js";
import { serviceTasks, swarmNodes } from "../engine/swarm/swarm-services.js";
import { nginxRouter } from "../proxy/app-router.js";

/**
 * Point an app's vhost at the tasks Swarm runs now: a task that moved (a node was lost or drained)
 * joins once it answers its health check, a task that stopped leaves. Through the same checked
 * nginx path as a deploy, and only when the set changed. Returns true when nginx was re-pointed.
 */
export async function followSwarmRoute(settings: Settings, app: string): Promise<boolean> {
  return withAppLock(settings, app, () => follow(settings, app), { brief: true });
}

async function follow(settings: Settings, app: string): Promise<boolean> {
  const record = loadApp(app);
  const routes = record?.routes;
  if (!record?.current || !routes || routes.stopped) return false;
  const nodes = await swarmNodes();
  const next = { ...routes.services };
  for (const [name, state] of Object.entries(record.current.services)) {
    if (!state.swarm?.routePort || !routes.services[name]) continue;
    const running = taskAddresses(await serviceTasks(state.swarm.name), nodes, state.swarm.routePort);
    const known = new Set(routes.services[name].map(String));
    const healthy = new Set(known);
    for (const t of running)
      if (!known.has(t.address) && (await answers(state, t.address))) healthy.add(t.address);
    const upstreams = planUpstreams(running, healthy);
    // With no task answering, nginx keeps what it had: a 502 either way, and the vhost stays valid.
    if (upstreams.length) next[name] = upstreams;
  }
  if (same(next, routes.services)) return false;
  const target = { ...routes, services: next };
  await nginxRouter(settings, app).route(target);
  saveApp({ ...(loadApp(app) as AppRecord), routes: target });
  return true;
}

/** One probe of a task new to nginx: its HTTP check when the service has one, else a TCP connect. */
async function answers(state: ServiceState, address: string): Promise<boolean> {
  const [host, port] = [address.replace(/:\d+$/, ""), Number(address.split(":")[1])];
  const check = state.swarm?.healthPath;
  return (check ? await probeHttp(host, port, check, 2000) : await probeTcp(host, port, 2000)).ok;
}

function same(a: Record<string, (number | string)[]>, b: Record<string, (number | string)[]>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Apps with a Swarm service nginx routes to: the ones slipwayd follows. */
export function swarmRoutedApps(): string[] {
  return listApps()
    .filter((a) => Object.values(a.current?.services ?? {}).some((s) => s.swarm?.routePort))
    .map((a) => a.name);
}
