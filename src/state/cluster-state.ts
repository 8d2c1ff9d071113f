import { SlipwayError } from "../errors.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

/** What cluster:init made: the swarm manager's address and the image registry every node pulls from. */
export interface ClusterState {
  version: 1;
  managerAddr: string;
  registry: {
    /** host:port, the name images are tagged with and the directory name under /etc/docker/certs.d. */
    address: string;
    caFile: string;
    /** 0600 JSON {username, password}. */
    credentialsFile: string;
  };
}

/** The cluster record, or undefined on a single server; a damaged file is reported, not crashed on. */
export function readClusterState(): ClusterState | undefined {
  let stored: ClusterState | undefined;
  try {
    stored = readJson<ClusterState>(paths.clusterState());
  } catch (err) {
    throw damaged((err as Error).message, err);
  }
  if (stored !== undefined && stored.version !== 1) throw damaged(`unknown version ${stored.version}`);
  return stored;
}

export function writeClusterState(state: ClusterState): void {
  writeJsonAtomic(paths.clusterState(), state, 0o600);
}

/** The cluster record for commands that need one. */
export function requireClusterState(): ClusterState {
  const state = readClusterState();
  if (state) return state;
  throw new SlipwayError("no-cluster", "this server is not a cluster manager", {
    hint: "run 'slipway cluster:init' first",
  });
}

function damaged(why: string, cause?: unknown): SlipwayError {
  return new SlipwayError("cluster-state", `the cluster record is unreadable: ${why}`, {
    hint: `fix or remove ${paths.clusterState()}, then run 'slipway cluster:init' again`,
    cause,
  });
}
