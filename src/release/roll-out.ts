import { say } from "../output.js";
import type { ContainerRef, Release, RouteTarget, ServiceState } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { docker } from "../engine/docker.js";
import { SlipwayError } from "../errors.js";
import type { JournalWriter } from "../state/journal.js";
import { listAppContainers } from "../engine/containers.js";
import { gateOptions, passGate } from "../engine/health-gate.js";
import { restartPolicyFor } from "../engine/supervisors/supervised-job.js";
import { jobFor, removeSupervisedContainer, superviseJobs, unsuperviseContainer } from "../engine/supervisors/supervise.js";
import { diffServices, formatPlan, type Change } from "../engine/diff-services.js";
import { ensureNetwork, ensureVolumes } from "../engine/network.js";
import type { ServiceSpec } from "../engine/plan-services.js";
import { planScale } from "../engine/plan-scale.js";
import { retireInBackground } from "./retire.js";
import { serviceContainerOptions } from "../engine/service-container.js";
import { startContainer, type StartedContainer } from "../engine/start-container.js";

export interface RollOutRequest {
  app: string;
  release: number;
  specs: ServiceSpec[];
  /** The service the app's domains go to by default, if any. */
  routed?: string;
  /** Services some custom domain routes to: they get a 127.0.0.1 port for nginx too. */
  domainServices: Set<string>;
  previous?: Release;
  previousRoutes?: RouteTarget;
  /** Ports other apps' containers hold; new containers never take them. */
  reserved: Set<number>;
  /** Services to recreate even when unchanged (a restart). */
  forced?: Set<string>;
  /** Points nginx at a route target; validated before it goes live. */
  route: (target: RouteTarget) => Promise<void>;
  journal: JournalWriter;
}

interface Progress {
  started: (StartedContainer & { service: string; index: number })[];
  stopped: (ContainerRef & { service: string; index: number })[];
  routed: boolean;
}

/**
 * Start what changed beside what runs, gate it, switch nginx, then retire the old containers.
 * If any service fails its gate, everything new goes and everything old is as it was.
 */
export async function rollOut(settings: Settings, req: RollOutRequest): Promise<{ services: Record<string, ServiceState>; routes?: RouteTarget; changes: Change[]; retire: () => void }> {
  const current = req.previous?.services ?? {};
  const alive = new Set((await listAppContainers(settings, req.app)).filter((c) => c.State === "running").map((c) => c.Id));
  const changes = diffServices(req.specs, current, alive, req.forced);
  say.step(formatPlan(changes));
  const progress: Progress = { started: [], stopped: [], routed: false };
  let services: Record<string, ServiceState>;
  let routes: RouteTarget | undefined;
  try {
    req.journal.enter("starting");
    services = await startChanged(settings, req, changes, progress);
    await superviseJobs(settings, progress.started.map((c) => jobFor(settings, { app: req.app, service: c.service, instance: c.index, containerName: c.name })));
    routes = routeTarget(req, services);
    req.journal.enter("switching");
    if (routes) {
      progress.routed = true;
      await req.route(routes);
    }
  } catch (err) {
    await undo(settings, req, progress);
    throw err;
  }
  return { services, routes, changes, retire: () => retireReplaced(settings, req.app, changes, current, services) };
}

async function startChanged(settings: Settings, req: RollOutRequest, changes: Change[], progress: Progress): Promise<Record<string, ServiceState>> {
  const network = await ensureNetwork(settings, req.app);
  const next: Record<string, ServiceState> = {};
  for (const spec of req.specs) {
    const old = req.previous?.services[spec.name];
    const action = changes.find((c) => c.service === spec.name)?.action;
    if (action === "keep" && old) {
      next[spec.name] = old;
      continue;
    }
    if (action === "scale" && old) {
      next[spec.name] = await scaleService(settings, req, spec, old, network, progress);
      continue;
    }
    if (spec.strategy === "replace" && old) await stopOld(settings, spec.name, old.containers, progress, req.journal);
    await ensureVolumes(settings, req.app, Object.keys(spec.volumes));
    const indices = Array.from({ length: spec.count }, (_, i) => i + 1);
    const containers = await startInstances(settings, req, spec, indices, network, progress);
    next[spec.name] = {
      specHash: spec.specHash, envHash: spec.envHash, imageId: spec.imageId, image: spec.image, port: spec.routePort, publish: spec.publish,
      containers: containers.map((c) => ({ id: c.id, name: c.name, hostPort: c.hostPort })),
    };
  }
  return next;
}

/** Running containers stay as they are; only the missing instances start (and are gated). */
async function scaleService(
  settings: Settings, req: RollOutRequest, spec: ServiceSpec, old: ServiceState, network: string, progress: Progress,
): Promise<ServiceState> {
  const plan = planScale(old.containers, spec.count);
  const added = await startInstances(settings, req, spec, plan.add, network, progress);
  const kept = plan.keep.map(({ index, ...c }) => (void index, c));
  return { ...old, containers: [...kept, ...added.map((c) => ({ id: c.id, name: c.name, hostPort: c.hostPort }))] };
}

async function startInstances(
  settings: Settings, req: RollOutRequest, spec: ServiceSpec, indices: number[], network: string, progress: Progress,
): Promise<StartedContainer[]> {
  const routable = spec.name === req.routed || req.domainServices.has(spec.name) || spec.ports.some((p) => p.name !== "");
  const containers: StartedContainer[] = [];
  const restart = restartPolicyFor(settings.supervisor);
  for (const index of indices) {
    const plan = { namePrefix: settings.namePrefix, labels: settings.labels, app: req.app, release: req.release, index, network, restart };
    const started = await startContainer((hostPort) => serviceContainerOptions(spec, { ...plan, hostPort }), routable ? settings.portRange : undefined, req.reserved);
    progress.started.push({ ...started, service: spec.name, index });
    req.journal.created({ containers: [started.id] });
    containers.push(started);
    if (started.hostPort) req.reserved.add(started.hostPort);
  }
  req.journal.enter("health-gating");
  await Promise.all(containers.map((c) => gateService(settings, spec, c, !!req.previous)));
  return containers;
}

/** The service's health check from slipway.yml; failures carry the service name and its last log lines. */
async function gateService(
  settings: Settings, spec: ServiceSpec, c: StartedContainer, previousServing: boolean,
): Promise<void> {
  const named = "port" in spec.health ? spec.health.port : undefined;
  const port = named ? spec.ports.find((p) => p.name === named)?.port : spec.routePort;
  const hostPort = port === spec.routePort ? c.hostPort : undefined;
  const opts = { ...gateOptions(settings), previousServing };
  await passGate({ containerId: c.id, hostPort, containerPort: port }, spec.health, opts).catch((err) => {
    if (err instanceof SlipwayError) err.message = `service ${spec.name}: ${err.message}`;
    throw err;
  });
}

/**
 * A service with volumes or public ports can't run twice; its old containers stop first and come
 * back if the release fails. Under systemd or upstart the job stops it, or the init would restart it.
 */
async function stopOld(settings: Settings, service: string, containers: ContainerRef[], progress: Progress, journal: JournalWriter): Promise<void> {
  const engine = await docker();
  for (const [i, c] of containers.entries()) {
    journal.created({ stopped: [c.id] });
    progress.stopped.push({ ...c, service, index: i + 1 });
    await unsuperviseContainer(settings, c.name);
    await engine.getContainer(c.id).stop({ t: settings.stopTimeoutSeconds }).catch(() => undefined);
  }
}

function routeTarget(req: RollOutRequest, services: Record<string, ServiceState>): RouteTarget | undefined {
  if (!req.routed || !services[req.routed]) return undefined;
  const ported = Object.entries(services).filter(([, s]) => s.containers.some((c) => c.hostPort));
  return { release: req.release, defaultService: req.routed, services: Object.fromEntries(ported.map(([n, s]) => [n, s.containers.flatMap((c) => (c.hostPort ? [c.hostPort] : []))])) };
}

/** Every step is best-effort: one that fails must not keep the old services from coming back. */
async function undo(settings: Settings, req: RollOutRequest, progress: Progress): Promise<void> {
  // If the vhost already moved (a failed reload, say), point it back before the containers go.
  if (progress.routed && req.previousRoutes) await req.route(req.previousRoutes).catch((e) => say.warn(`could not restore the previous route: ${e}`));
  const removed = await Promise.allSettled(progress.started.map((c) => removeSupervisedContainer(settings, c.id, 0)));
  for (const r of removed) if (r.status === "rejected") say.warn(`could not remove a new container: ${r.reason}`);
  for (const c of progress.stopped) await restartOld(settings, req.app, c).catch((e) => say.warn(`could not restart ${c.name}: ${e}`));
}

async function restartOld(settings: Settings, app: string, c: ContainerRef & { service: string; index: number }): Promise<void> {
  if (settings.supervisor === "docker") return void (await (await docker()).getContainer(c.id).start());
  await superviseJobs(settings, [jobFor(settings, { app, service: c.service, instance: c.index, containerName: c.name })]);
}

/** Old containers no longer in the release (replaced, scaled away, removed) drain and stop after the push returns. */
function retireReplaced(
  settings: Settings, app: string, changes: Change[], current: Record<string, ServiceState>, next: Record<string, ServiceState>,
): void {
  const staying = new Set(Object.values(next).flatMap((s) => s.containers.map((c) => c.id)));
  const old = changes.filter((c) => c.action !== "keep").flatMap((c) => current[c.service]?.containers.map((x) => x.id) ?? []);
  const ids = old.filter((id) => !staying.has(id));
  if (ids.length) retireInBackground(settings, app, ids);
}
