import { say } from "../cli/output.js";
import type { ContainerRef, Release, RouteTarget, ServiceState } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { listAppContainers, removeContainer } from "./containers.js";
import { diffServices, formatPlan, type Change } from "./diff-services.js";
import { ensureNetwork, ensureVolumes } from "./network.js";
import type { ServiceSpec } from "./plan-services.js";
import { retireInBackground } from "./retire.js";
import { serviceContainerOptions } from "./service-container.js";
import { awaitHealthy, startContainer, type StartedContainer } from "./start-container.js";

export interface RollOutRequest {
  app: string;
  release: number;
  specs: ServiceSpec[];
  /** The service the app's domains go to by default, if any. */
  routed?: string;
  previous?: Release;
  previousRoutes?: RouteTarget;
  /** Ports other apps' containers hold; new containers never take them. */
  reserved: Set<number>;
  /** Services to recreate even when unchanged (a restart). */
  forced?: Set<string>;
  /** Points nginx at a route target; validated before it goes live. */
  route: (target: RouteTarget) => Promise<void>;
}

interface Progress {
  started: StartedContainer[];
  stopped: ContainerRef[];
  routed: boolean;
}

/**
 * Start what changed beside what runs, gate it, switch nginx, then retire the old containers.
 * If any service fails its gate, everything new goes and everything old is as it was.
 */
export async function rollOut(settings: Settings, req: RollOutRequest): Promise<{ services: Record<string, ServiceState>; routes?: RouteTarget; changes: Change[] }> {
  const current = req.previous?.services ?? {};
  const alive = new Set((await listAppContainers(settings, req.app)).filter((c) => c.State === "running").map((c) => c.Id));
  const changes = diffServices(req.specs, current, alive, req.forced);
  say.step(formatPlan(changes));
  const progress: Progress = { started: [], stopped: [], routed: false };
  let services: Record<string, ServiceState>;
  let routes: RouteTarget | undefined;
  try {
    services = await startChanged(settings, req, changes, progress);
    routes = routeTarget(req, services);
    if (routes) {
      progress.routed = true;
      await req.route(routes);
    }
  } catch (err) {
    await undo(req, progress);
    throw err;
  }
  retireReplaced(settings, changes, current);
  return { services, routes, changes };
}

async function startChanged(settings: Settings, req: RollOutRequest, changes: Change[], progress: Progress): Promise<Record<string, ServiceState>> {
  const network = await ensureNetwork(settings, req.app);
  const next: Record<string, ServiceState> = {};
  for (const spec of req.specs) {
    const old = req.previous?.services[spec.name];
    if (changes.find((c) => c.service === spec.name)?.action === "keep" && old) {
      next[spec.name] = old;
      continue;
    }
    if (spec.strategy === "replace" && old) await stopOld(old.containers, progress);
    await ensureVolumes(settings, req.app, Object.keys(spec.volumes));
    next[spec.name] = await startService(settings, req, spec, network, progress);
  }
  return next;
}

async function startService(settings: Settings, req: RollOutRequest, spec: ServiceSpec, network: string, progress: Progress): Promise<ServiceState> {
  const routable = spec.name === req.routed || spec.ports.some((p) => p.name !== "");
  const containers: StartedContainer[] = [];
  for (let index = 1; index <= spec.count; index++) {
    const plan = { namePrefix: settings.namePrefix, labels: settings.labels, app: req.app, release: req.release, index, network };
    const started = await startContainer((hostPort) => serviceContainerOptions(spec, { ...plan, hostPort }), routable ? settings.portRange : undefined, req.reserved);
    progress.started.push(started);
    containers.push(started);
    if (started.hostPort) req.reserved.add(started.hostPort);
  }
  const gate = { service: spec.name, http: spec.name === req.routed, timeoutSeconds: settings.startTimeoutSeconds, settleMs: settings.settleSeconds * 1000 };
  await Promise.all(containers.map((c) => awaitHealthy(c, gate)));
  return {
    specHash: spec.specHash, envHash: spec.envHash, imageId: spec.imageId, image: spec.image, port: spec.ports[0].port, publish: spec.publish,
    containers: containers.map((c) => ({ id: c.id, name: c.name, hostPort: c.hostPort })),
  };
}

/** A service with volumes or public ports can't run twice; its old containers stop first and come back if the release fails. */
async function stopOld(containers: ContainerRef[], progress: Progress): Promise<void> {
  const engine = await docker();
  for (const c of containers) {
    await engine.getContainer(c.id).stop({ t: 10 }).catch(() => undefined);
    progress.stopped.push(c);
  }
}

function routeTarget(req: RollOutRequest, services: Record<string, ServiceState>): RouteTarget | undefined {
  if (!req.routed || !services[req.routed]) return undefined;
  const ported = Object.entries(services).filter(([, s]) => s.containers.some((c) => c.hostPort));
  return { release: req.release, defaultService: req.routed, services: Object.fromEntries(ported.map(([n, s]) => [n, s.containers.flatMap((c) => (c.hostPort ? [c.hostPort] : []))])) };
}

async function undo(req: RollOutRequest, progress: Progress): Promise<void> {
  // If the vhost already moved (a failed reload, say), point it back before the containers go.
  if (progress.routed && req.previousRoutes) await req.route(req.previousRoutes).catch((e) => say.warn(`could not restore the previous route: ${e}`));
  await Promise.all(progress.started.map((c) => removeContainer(c.id, 0)));
  const engine = await docker();
  for (const c of progress.stopped) await engine.getContainer(c.id).start().catch((e) => say.warn(`could not restart ${c.name}: ${e}`));
}

/** Old containers of changed and removed services drain and stop after the push has returned. */
function retireReplaced(settings: Settings, changes: Change[], current: Record<string, ServiceState>): void {
  const ids = changes.filter((c) => c.action !== "keep").flatMap((c) => current[c.service]?.containers.map((x) => x.id) ?? []);
  if (ids.length) retireInBackground(settings, ids);
}
