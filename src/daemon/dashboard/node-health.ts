import { swarmSnapshot } from "../../engine/cluster/list-nodes.js";
import { nodeRows } from "../../engine/cluster/node-rows.js";
import { readClusterState } from "../../state/cluster-state.js";
import type { HealthItem } from "./server-health.js";

/** One line per Swarm node when this server runs a cluster; none without one. No ssh: the page stays quick. */
export async function nodeHealth(): Promise<HealthItem[]> {
  try {
    if (!readClusterState()) return [];
    const { nodes, tasks, services } = await swarmSnapshot();
    return nodeHealthItems(nodeRows(nodes, tasks, services, {}));
  } catch (err) {
    return [{ name: "cluster", light: "red", detail: (err as Error).message }];
  }
}

/** A node that is not ready is red; a drained or paused one amber, since it takes no new work. */
export function nodeHealthItems(rows: ReturnType<typeof nodeRows>): HealthItem[] {
  return rows.map((r) => ({
    name: `node ${r.node}`,
    light: r.state !== "ready" ? "red" : r.availability !== "active" ? "amber" : "green",
    detail: `${r.role}, ${r.state}, ${r.availability}; runs ${r.tasks}`,
  }));
}
