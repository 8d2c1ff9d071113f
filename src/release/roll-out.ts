import { say } from "../output.js";
import type { Release, RouteTarget, ServiceState } from "../state/app-state.js";
import type { JournalWriter } from "../state/journal.js";
import type { Settings } from "../state/settings.js";
import { listAppContainers } from "../engine/containers.js";
import { diffServices, formatPlan, type Change } from "../engine/diff-services.js";
import type { ServiceSpec } from "../engine/plan-services.js";
import type { AppRouter } from "../proxy/app-router.js";
import { planRelease } from "./plan-release.js";
import { retireInBackground } from "./retire.js";
import { runSteps } from "./run-steps.js";
import { undoSteps } from "./undo-release.js";
import { rollOutSwarm } from "./roll-out-swarm.js";
import { removeSwarmService } from "../engine/swarm/swarm-services.js";
import type { SchedulerName } from "../state/scheduler-name.js";

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
  /** How the release reaches nginx: passed in, so these steps never depend on how routing is done. */
  router: AppRouter;
  journal: JournalWriter;
  /** Which scheduler runs the release; a switch between them is a release like any other. */
  scheduler?: SchedulerName;
}

export interface RollOutResult {
  services: Record<string, ServiceState>;
  routes?: RouteTarget;
  changes: Change[];
  /** Drain and stop the replaced containers, once the release is recorded. */
  retire: () => void;
}

/**
 * Plan the release's steps (start what changed beside what runs, gate it, switch nginx, retire the
 * old) and run them. If any fails, the same undo a crash recovery runs puts everything back.
 */
export async function rollOut(settings: Settings, req: RollOutRequest): Promise<RollOutResult> {
  if (req.scheduler === "swarm") return rollOutSwarm(settings, req);
  const { current, onSwarm } = leaveSwarm(req);
  // Back from Swarm: a service that can't run twice stops there before it starts here.
  for (const spec of req.specs)
    if (spec.strategy === "replace" && onSwarm[spec.name])
      await removeSwarmService(onSwarm[spec.name].swarm!.id);
  const result = await rollOutHere(settings, {
    ...req,
    previous: req.previous && { ...req.previous, services: current },
  });
  const ids = Object.values(onSwarm).map((s) => `swarm:${s.swarm!.id}`);
  const retire = () => {
    result.retire();
    if (ids.length) retireInBackground(settings, req.app, ids);
  };
  return { ...result, retire };
}

/** Services the previous release ran on Swarm are started afresh here, then retired. */
function leaveSwarm(req: RollOutRequest) {
  const all = Object.entries(req.previous?.services ?? {});
  return {
    current: Object.fromEntries(all.filter(([, s]) => !s.swarm)),
    onSwarm: Object.fromEntries(all.filter(([, s]) => s.swarm)),
  };
}

async function rollOutHere(settings: Settings, req: RollOutRequest): Promise<RollOutResult> {
  const current = req.previous?.services ?? {};
  const alive = new Set(
    (await listAppContainers(settings, req.app)).filter((c) => c.State === "running").map((c) => c.Id),
  );
  const changes = diffServices(req.specs, current, alive, req.forced);
  say.step(formatPlan(changes));
  const steps = planRelease({ specs: req.specs, changes, current });
  try {
    const { services, routes } = await runSteps(
      settings,
      req,
      steps.filter((s) => s.kind !== "retire"),
    );
    const replaced = steps.flatMap((s) => (s.kind === "retire" ? s.containers : []));
    const retire = () => {
      if (replaced.length) retireInBackground(settings, req.app, replaced);
    };
    return { services, routes, changes, retire };
  } catch (err) {
    await undoSteps(settings, req.app, req.journal.done, req.router);
    throw err;
  }
}
