import { say } from "../output.js";
import type { RouteTarget, ServiceState, SwarmServiceRef } from "../state/app-state.js";
import { requireClusterState } from "../state/cluster-state.js";
import type { Settings } from "../state/settings.js";
import { SlipwayError } from "../errors.js";
import { registryAuth, type RegistryAuth } from "../engine/cluster/registry-auth.js";
import { ensureOverlay } from "../engine/network.js";
import type { ServiceSpec } from "../engine/plan-services.js";
import { gateTasks } from "../engine/swarm/gate-tasks.js";
import { taskAddresses } from "../engine/swarm/plan-upstreams.js";
import { pushImage, registryRepo } from "../engine/swarm/push-image.js";
import { swarmServiceSpec } from "../engine/swarm/swarm-service-spec.js";
import {
  appSwarmServices,
  createSwarmService,
  isSwarmManager,
  ownNodeId,
  removeSwarmService,
  serviceTasks,
  swarmNodes,
} from "../engine/swarm/swarm-services.js";
import { stepText } from "../step-lines.js";
import type { RollOutRequest, RollOutResult } from "./roll-out.js";
import { isBeingRetired, retireInBackground } from "./retire.js";
import { serviceState } from "./run-steps.js";
import { removeSupervisedContainer } from "../engine/supervisors/supervise.js";

/** What a swarm release needs once per run: registry access and the app's overlay network. */
interface SwarmRun {
  auth: RegistryAuth;
  repo: string;
  network: string;
  pushed: Map<string, string>;
}

/**
 * The Swarm scheduler's roll-out, step for step the single-host one: each changed service starts
 * as a new Swarm service beside the old, its tasks pass the health gate at NODE:PORT, nginx
 * switches to them, and the old services and containers retire after draining.
 */
export async function rollOutSwarm(settings: Settings, req: RollOutRequest): Promise<RollOutResult> {
  const run = await prepare(settings, req.app);
  const current = req.previous?.services ?? {};
  await removeOrphans(settings, req.app, current);
  const changed = req.specs.filter((s) => !unchanged(s, current[s.name], req.forced));
  const changes = req.specs.map((s) => ({
    service: s.name,
    action: changed.includes(s) ? ("start" as const) : ("keep" as const),
    reason: changed.includes(s)
      ? current[s.name]?.swarm
        ? "restarted on swarm"
        : "moved to swarm"
      : "unchanged",
  }));
  say.step(stepText.plan(changes.map((c) => `${c.service} ${c.reason}`).join(" · ")));
  const fresh: Record<string, ServiceState> = {};
  const created: string[] = [];
  const healthy: Record<string, string[]> = {};
  try {
    for (const spec of changed) {
      if (spec.strategy === "replace" && current[spec.name]) await stopNow(settings, current[spec.name]);
      const ref = await startService(settings, req, run, spec, current[spec.name]?.swarm?.pinnedNode);
      created.push(ref.id);
      healthy[spec.name] = await gateTasks({
        service: ref.name,
        count: spec.count,
        check: spec.health,
        port: ref.routePort,
        settleMs: settings.settleSeconds * 1000,
        deadlineMs: settings.startTimeoutSeconds * 1000,
      });
      fresh[spec.name] = { ...serviceState(spec, []), swarm: ref };
    }
    const services = Object.fromEntries(req.specs.map((s) => [s.name, fresh[s.name] ?? current[s.name]]));
    const routes = await switchRoute(req, services, healthy);
    const old = changed.flatMap((s) => (current[s.name] ? [current[s.name]] : []));
    const removed = Object.keys(current).filter((n) => !req.specs.some((s) => s.name === n));
    const retired = [...old, ...removed.map((n) => current[n])];
    return { services, routes, changes, retire: () => retireAll(settings, req.app, retired) };
  } catch (err) {
    await Promise.all(created.map(removeSwarmService));
    if (req.previousRoutes) await req.router.restore(req.previousRoutes).catch(() => undefined);
    throw err;
  }
}

async function prepare(settings: Settings, app: string): Promise<SwarmRun> {
  const cluster = requireClusterState();
  if (!(await isSwarmManager()))
    throw new SlipwayError("no-cluster", "this server's Docker engine is not a Swarm manager", {
      hint: "run 'slipway cluster:init' again, or 'slipway scheduler:set APP docker' to run on this server",
    });
  const auth = registryAuth(cluster);
  const repo = registryRepo(cluster.registry.address, settings.namePrefix, app);
  return { auth, repo, network: await ensureOverlay(settings, app), pushed: new Map() };
}

/** Services a killed deploy left behind: in no release and not draining, so nothing routes to them. */
async function removeOrphans(settings: Settings, app: string, current: Record<string, ServiceState>) {
  const live = new Set(Object.values(current).flatMap((s) => (s.swarm ? [s.swarm.id] : [])));
  for (const s of await appSwarmServices(settings.labels, app))
    if (!live.has(s.ID) && !isBeingRetired(app, `swarm:${s.ID}`)) await removeSwarmService(s.ID);
}

/** Unchanged means: already on Swarm, same spec and count, and not restarted on purpose. */
function unchanged(spec: ServiceSpec, now: ServiceState | undefined, forced?: Set<string>): boolean {
  if (!now?.swarm || forced?.has(spec.name)) return false;
  return now.specHash === spec.specHash && now.swarm.replicas === spec.count;
}

async function startService(
  settings: Settings,
  req: RollOutRequest,
  run: SwarmRun,
  spec: ServiceSpec,
  pinned: string | undefined,
): Promise<SwarmServiceRef> {
  const image = run.pushed.get(spec.imageId) ?? (await pushImage(run.repo, spec.imageId, run.auth));
  run.pushed.set(spec.imageId, image);
  // Data stays where it was made: a new stateful service keeps its volumes on the manager.
  const pinnedNode = pinned ?? (Object.keys(spec.volumes).length ? await ownNodeId() : undefined);
  const routable =
    spec.name === req.routed || req.domainServices.has(spec.name) || spec.ports.some((p) => p.name !== "");
  const { namePrefix, labels } = settings;
  const plan = {
    namePrefix,
    labels,
    app: req.app,
    release: req.release,
    network: run.network,
    image,
    routable,
  };
  const body = swarmServiceSpec(spec, { ...plan, pinnedNode });
  const id = await createSwarmService(body, run.auth);
  const routePort = routable ? spec.routePort : undefined;
  const healthPath = spec.health.kind === "http" ? spec.health.path : undefined;
  return { id, name: body.Name as string, image, pinnedNode, routePort, healthPath, replicas: spec.count };
}

/** Services that hold volumes or public ports can't run twice: the old one goes first. */
async function stopNow(settings: Settings, old: ServiceState): Promise<void> {
  if (old.swarm) await removeSwarmService(old.swarm.id);
  for (const c of old.containers)
    await removeSupervisedContainer(settings, c.id, settings.stopTimeoutSeconds);
}

/** nginx goes to the healthy tasks of new services and the running tasks of kept ones. */
async function switchRoute(
  req: RollOutRequest,
  services: Record<string, ServiceState>,
  healthy: Record<string, string[]>,
): Promise<RouteTarget | undefined> {
  if (!req.routed || !services[req.routed]) return undefined;
  const byService: Record<string, (number | string)[]> = {};
  for (const [name, s] of Object.entries(services)) {
    if (healthy[name]?.length) byService[name] = healthy[name];
    else if (s.swarm?.routePort) byService[name] = await runningAddresses(s.swarm);
  }
  const routes = { release: req.release, defaultService: req.routed, services: byService };
  await req.router.route(routes);
  return routes;
}

export async function runningAddresses(ref: SwarmServiceRef): Promise<string[]> {
  const tasks = await serviceTasks(ref.name);
  return taskAddresses(tasks, await swarmNodes(), ref.routePort!).map((t) => t.address);
}

/** Old Swarm services and single-host containers drain, then go, after the release is recorded. */
function retireAll(settings: Settings, app: string, old: ServiceState[]): void {
  const ids = old.flatMap((s) => [
    ...(s.swarm ? [`swarm:${s.swarm.id}`] : []),
    ...s.containers.map((c) => c.id),
  ]);
  if (ids.length) retireInBackground(settings, app, ids);
}
