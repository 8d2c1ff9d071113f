import { readJson, writeJsonAtomic } from "../../state/atomic-write.js";
import { paths } from "../../state/paths.js";
import type { SshTarget } from "../../system/ssh-target.js";

/** How cluster:add reached each node, by swarm node id: cluster:list and cluster:remove reuse it. */
export type NodeRecords = Record<string, SshTarget>;

const file = () => paths.clusterFile("nodes.json");
export const knownHostsFile = () => paths.clusterFile("known_hosts");

export function readNodeRecords(): NodeRecords {
  return readJson<NodeRecords>(file()) ?? {};
}

export function recordNode(nodeId: string, target: SshTarget): void {
  writeJsonAtomic(file(), { ...readNodeRecords(), [nodeId]: target }, 0o600);
}

export function forgetNode(nodeId: string): void {
  const { [nodeId]: _gone, ...rest } = readNodeRecords();
  writeJsonAtomic(file(), rest, 0o600);
}
