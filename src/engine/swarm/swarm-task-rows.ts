import type { SwarmServiceRef } from "../../state/app-state.js";
import { nodeAddr, type NodeView, type TaskView } from "./plan-upstreams.js";
import { serviceTasks, swarmNodes } from "./swarm-services.js";

/** ps:report rows for one Swarm service: a row per task meant to run, with its node; pinned ones say so. */
export async function swarmTaskRows(service: string, ref: SwarmServiceRef, release: number) {
  const [tasks, nodes] = await Promise.all([serviceTasks(ref.name), swarmNodes()]);
  const byId = new Map(nodes.map((n) => [n.ID, n]));
  return tasks
    .filter((t) => t.DesiredState === "running")
    .map((t, i) => ({
      service,
      instance: (t as { Slot?: number }).Slot ?? i + 1,
      container: `${ref.name}.${(t as { Slot?: number }).Slot ?? i + 1}`,
      state: t.Status?.State ?? "unknown",
      port: ref.routePort,
      host: hostOf(t, byId.get(t.NodeID ?? ""), ref.routePort),
      node: nodeLabel(byId.get(t.NodeID ?? ""), ref.pinnedNode),
      release,
    }));
}

function hostOf(t: TaskView, node: NodeView | undefined, port?: number): string | undefined {
  const published = t.Status?.PortStatus?.Ports?.find((p) => p.TargetPort === port)?.PublishedPort;
  const addr = node && nodeAddr(node);
  return published && addr ? `${addr}:${published}` : undefined;
}

/** The node's hostname; a service pinned to its volume's node says so, since it cannot move. */
function nodeLabel(node: NodeView | undefined, pinned?: string): string {
  const name = (node as { Description?: { Hostname?: string } } | undefined)?.Description?.Hostname ?? "?";
  return pinned ? `${name} (pinned: volumes)` : name;
}
