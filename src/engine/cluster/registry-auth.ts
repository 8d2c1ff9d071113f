import { SlipwayError } from "../../errors.js";
import { readJson } from "../../state/atomic-write.js";
import { requireClusterState, type ClusterState } from "../../state/cluster-state.js";

/** dockerode's `authconfig`: image.push({ authconfig }), createService(authconfig, spec) for nodes' pulls. */
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** The cluster registry's credentials, read from their 0600 file; never printed. */
export function registryAuth(cluster: ClusterState = requireClusterState()): RegistryAuth {
  let stored: { username?: unknown; password?: unknown } | undefined;
  try {
    stored = readJson(cluster.registry.credentialsFile);
  } catch (err) {
    throw unreadable(cluster, err);
  }
  if (typeof stored?.username !== "string" || typeof stored.password !== "string") throw unreadable(cluster);
  return { username: stored.username, password: stored.password, serveraddress: cluster.registry.address };
}

function unreadable(cluster: ClusterState, cause?: unknown): SlipwayError {
  return new SlipwayError(
    "registry-credentials",
    `the registry credentials in ${cluster.registry.credentialsFile} are missing or unreadable`,
    { hint: "run 'slipway cluster:init' again: it rewrites them and keeps the cluster", cause },
  );
}
