import { readClusterState } from "../state/cluster-state.js";
import type { Settings } from "../state/settings.js";
import { followSwarmRoute, swarmRoutedApps } from "../release/follow-swarm-route.js";
import type winston from "winston";

/** Often enough that nginx follows a lost node's tasks well within 30 s of Swarm restarting them. */
const EVERY_MS = 3000;

/** slipwayd's Swarm watcher: re-point each Swarm app's vhost at its running, healthy tasks. */
export function followSwarm(settings: Settings, log: winston.Logger): { stop: () => void } {
  let busy = false;
  const warn = warnOnChange(log);
  const tick = async () => {
    if (busy || !hasCluster(warn)) return; // one small read a tick on a server with no cluster
    busy = true;
    for (const app of swarmRoutedApps()) {
      await followSwarmRoute(settings, app).then(
        (moved) => {
          warn(`app ${app}`, undefined);
          if (moved) log.info("swarm tasks moved; nginx follows", { app });
        },
        (err: Error) => warn(`app ${app}`, "could not follow swarm tasks", { app, error: err.message }),
      );
    }
    busy = false;
  };
  const timer = setInterval(() => void tick(), EVERY_MS);
  return { stop: () => clearInterval(timer) };
}

function hasCluster(warn: Warn): boolean {
  try {
    const found = readClusterState() !== undefined;
    warn("cluster", undefined);
    return found;
  } catch (err) {
    warn("cluster", "could not read the cluster record", { error: (err as Error).message });
    return false;
  }
}

/** Log a problem of `subject` when it starts or its error changes; undefined says it is over. */
export type Warn = (subject: string, message?: string, meta?: { error: string; app?: string }) => void;

/** A watcher ticking every 3 s must not write the same warning to the log every tick it lasts. */
export function warnOnChange(log: Pick<winston.Logger, "warn">): Warn {
  const last = new Map<string, string>();
  return (subject, message, meta) => {
    if (message === undefined || !meta) return void last.delete(subject);
    if (last.get(subject) === meta.error) return;
    last.set(subject, meta.error);
    log.warn(message, meta);
  };
}
