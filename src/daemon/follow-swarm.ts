import { readClusterState } from "../state/cluster-state.js";
import type { Settings } from "../state/settings.js";
import { followSwarmRoute, swarmRoutedApps } from "../release/follow-swarm-route.js";
import type winston from "winston";

/** Often enough that nginx follows a lost node's tasks well within 30 s of Swarm restarting them. */
const EVERY_MS = 3000;

/** slipwayd's Swarm watcher: re-point each Swarm app's vhost at its running, healthy tasks. */
export function followSwarm(settings: Settings, log: winston.Logger): { stop: () => void } {
  let busy = false;
  const tick = async () => {
    if (busy || !hasCluster(log)) return; // one small read a tick on a server with no cluster
    busy = true;
    for (const app of swarmRoutedApps()) {
      await followSwarmRoute(settings, app).then(
        (moved) => moved && log.info("swarm tasks moved; nginx follows", { app }),
        (err: Error) => log.warn("could not follow swarm tasks", { app, error: err.message }),
      );
    }
    busy = false;
  };
  const timer = setInterval(() => void tick(), EVERY_MS);
  return { stop: () => clearInterval(timer) };
}

function hasCluster(log: winston.Logger): boolean {
  try {
    return readClusterState() !== undefined;
  } catch (err) {
    log.warn("could not read the cluster record", { error: (err as Error).message });
    return false;
  }
}
