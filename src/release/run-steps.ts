import type { ContainerRef, RouteTarget, ServiceState } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { SlipwayError } from "../errors.js";
import { docker } from "../engine/docker.js";
import { gateOptions, passGateUntilSettle } from "../engine/health-gate.js";
import { ensureNetwork, ensureVolumes } from "../engine/network.js";
import type { ServiceSpec } from "../engine/plan-services.js";
import { serviceContainerOptions } from "../engine/service-container.js";
import { startContainer, type StartedContainer } from "../engine/start-container.js";
import { restartPolicyFor } from "../engine/supervisors/supervised-job.js";
import { jobFor, superviseJobs, unsuperviseContainer } from "../engine/supervisors/supervise.js";
import type { Step } from "./plan-release.js";
import type { RollOutRequest } from "./roll-out.js";
import { backupRoutes } from "./backup-routes.js";

/** What running the steps leaves: every service's state (kept ones as they were) and the route, if any. */
export interface StepsResult {
  services: Record<string, ServiceState>;
  routes?: RouteTarget;
}

/**
 * The one executor of a release's steps. Each step is journaled before it acts, so a failure here
 * and a crash both leave exactly the steps undoSteps needs.
 */
export async function runSteps(settings: Settings, req: RollOutRequest, steps: Step[]): Promise<StepsResult> {
  req.journal.enter("starting");
  const network = await ensureNetwork(settings, req.app);
  const fresh: Record<string, ServiceState> = {};
  const started: (StartedContainer & { service: string; index: number })[] = [];
  const services = () =>
    Object.fromEntries(req.specs.map((s) => [s.name, fresh[s.name] ?? req.previous!.services[s.name]]));
  let routes: RouteTarget | undefined;
  // What each gate leaves to wait out after the switch (see passGateUntilSettle), and which services stopped first.
  const settles: (() => Promise<void>)[] = [];
  const stopped = new Set<string>();
  for (const step of steps) {
    if (step.kind === "stop") {
      stopped.add(step.service);
      await stopOld(settings, req, step.service, step.containers);
    }
    if (step.kind === "start" || step.kind === "scale") {
      const indices =
        step.kind === "scale" ? step.add : Array.from({ length: step.spec.count }, (_, i) => i + 1);
      if (step.kind === "start") await ensureVolumes(settings, req.app, Object.keys(step.spec.volumes));
      const containers = await startInstances(settings, req, step.spec, indices, network);
      started.push(...containers.map((c, i) => ({ ...c, service: step.spec.name, index: indices[i] })));
      const refs = containers.map((c) => ({ id: c.id, name: c.name, hostPort: c.hostPort }));
      fresh[step.spec.name] =
        step.kind === "scale"
          ? { ...req.previous!.services[step.spec.name], containers: [...step.keep, ...refs] }
          : serviceState(step.spec, refs);
    }
    if (step.kind === "gate") settles.push(await gateService(settings, req, step.service, started));
    if (step.kind === "supervise") {
      const jobs = started.map((c) =>
        jobFor(settings, { app: req.app, service: c.service, instance: c.index, containerName: c.name }),
      );
      await superviseJobs(settings, jobs);
    }
    if (step.kind === "switch") routes = await switchRoute(req, services(), settles, stopped);
  }
  return { services: services(), routes };
}

/** Old containers stop first when their service can't run twice; under an init, its job stops them. */
async function stopOld(
  settings: Settings,
  req: RollOutRequest,
  service: string,
  containers: ContainerRef[],
): Promise<void> {
  const engine = await docker();
  for (const [i, c] of containers.entries()) {
    req.journal.did({ kind: "stopped", service, index: i + 1, id: c.id, name: c.name });
    await unsuperviseContainer(settings, c.name);
    await engine
      .getContainer(c.id)
      .stop({ t: settings.stopTimeoutSeconds })
      .catch(() => undefined);
  }
}

async function startInstances(
  settings: Settings,
  req: RollOutRequest,
  spec: ServiceSpec,
  indices: number[],
  network: string,
): Promise<StartedContainer[]> {
  const routable =
    spec.name === req.routed || req.domainServices.has(spec.name) || spec.ports.some((p) => p.name !== "");
  const restart = restartPolicyFor(settings.supervisor);
  const containers: StartedContainer[] = [];
  for (const index of indices) {
    const plan = {
      namePrefix: settings.namePrefix,
      labels: settings.labels,
      app: req.app,
      release: req.release,
      index,
      network,
      restart,
    };
    const options = (hostPort?: number) => serviceContainerOptions(spec, { ...plan, hostPort });
    const started = await startContainer(options, routable ? settings.portRange : undefined, req.reserved);
    req.journal.did({ kind: "started", service: spec.name, index, id: started.id, name: started.name });
    containers.push(started);
    if (started.hostPort) req.reserved.add(started.hostPort);
  }
  return containers;
}

/** What a release records of a service it started; Swarm services record no containers. */
export function serviceState(spec: ServiceSpec, containers: ContainerRef[]): ServiceState {
  return {
    specHash: spec.specHash,
    envHash: spec.envHash,
    imageId: spec.imageId,
    image: spec.image,
    port: spec.routePort,
    publish: spec.publish,
    containers,
  };
}

/**
 * The service's health check from slipway.yml, up to the settle it returns; failures carry the
 * service name and its last log lines.
 */
async function gateService(
  settings: Settings,
  req: RollOutRequest,
  service: string,
  started: (StartedContainer & { service: string })[],
): Promise<() => Promise<void>> {
  req.journal.enter("health-gating");
  const spec = req.specs.find((s) => s.name === service)!;
  const named = "port" in spec.health ? spec.health.port : undefined;
  const port = named ? spec.ports.find((p) => p.name === named)?.port : spec.routePort;
  const gate = (c: StartedContainer) => {
    const hostPort = port === spec.routePort ? c.hostPort : undefined;
    // With a previous release serving, a failed gate says so: the push fails, and nothing changed for users.
    const opts = { ...gateOptions(settings), previousServing: !!req.previous };
    return passGateUntilSettle({ containerId: c.id, hostPort, containerPort: port }, spec.health, opts);
  };
  const withName = (err: unknown) => {
    if (err instanceof SlipwayError) err.message = `service ${spec.name}: ${err.message}`;
    throw err;
  };
  const rests = await Promise.all(started.filter((c) => c.service === service).map(gate)).catch(withName);
  return () => Promise.all(rests.map((rest) => rest())).then(() => undefined, withName);
}

/**
 * Point nginx at the new containers; journaled first, so a kill mid-switch is switched back. Any
 * settle still running ends here: traffic moves once the new containers accept, with the old ones
 * as nginx backups, and the route drops the backups once every settle has passed. A failed settle
 * throws, and the journaled route goes back like any other failure after the switch.
 */
async function switchRoute(
  req: RollOutRequest,
  services: Record<string, ServiceState>,
  settles: (() => Promise<void>)[],
  stopped: ReadonlySet<string>,
): Promise<RouteTarget | undefined> {
  const settled = () => Promise.all(settles.map((rest) => rest()));
  req.journal.enter("switching");
  if (!req.routed || !services[req.routed]) {
    await settled();
    return undefined;
  }
  const ported = Object.entries(services).filter(([, s]) => s.containers.some((c) => c.hostPort));
  const byService = ported.map(([n, s]) => [
    n,
    s.containers.flatMap((c) => (c.hostPort ? [c.hostPort] : [])),
  ]);
  const routes = {
    release: req.release,
    defaultService: req.routed,
    services: Object.fromEntries(byService),
  };
  const backups = backupRoutes(req.previousRoutes, routes, stopped);
  req.journal.did({ kind: "routed", previous: req.previousRoutes });
  await req.router.route(backups ? { ...routes, backups } : routes);
  await settled();
  if (backups) await req.router.route(routes, { quiet: true });
  return routes;
}
