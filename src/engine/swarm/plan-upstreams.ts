/** The few fields of a Swarm task the router needs (as GET /tasks returns them). */
export interface TaskView {
  ID: string;
  NodeID?: string;
  DesiredState?: string;
  Status?: {
    State?: string;
    PortStatus?: { Ports?: { TargetPort?: number; PublishedPort?: number; PublishMode?: string }[] };
  };
}

/** A node's id and the address other machines reach it on. */
export interface NodeView {
  ID: string;
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Addr?: string };
}

/** One task nginx may route to. */
export interface TaskAddress {
  task: string;
  node: string;
  address: string;
}

/**
 * Where a service's running tasks answer on its route port: NODE_ADDR:PUBLISHED_PORT, sorted so
 * an unchanged set renders the same vhost. Tasks on nodes that are down, or not running, are left out.
 */
export function taskAddresses(tasks: TaskView[], nodes: NodeView[], targetPort: number): TaskAddress[] {
  const addrs = new Map(nodes.filter((n) => n.Status?.State === "ready").map((n) => [n.ID, nodeAddr(n)]));
  const out: TaskAddress[] = [];
  for (const t of tasks) {
    if (t.DesiredState !== "running" || t.Status?.State !== "running") continue;
    const addr = t.NodeID && addrs.get(t.NodeID);
    const port = t.Status.PortStatus?.Ports?.find((p) => p.TargetPort === targetPort)?.PublishedPort;
    if (addr && port) out.push({ task: t.ID, node: t.NodeID!, address: `${addr}:${port}` });
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** A manager may report 0.0.0.0 as its own address; its advertised manager address is the real one. */
export function nodeAddr(node: NodeView): string | undefined {
  const addr = node.Status?.Addr;
  if (addr && addr !== "0.0.0.0") return addr;
  return node.ManagerStatus?.Addr?.replace(/:\d+$/, "");
}

/**
 * The upstream set after a change in tasks: addresses already routed stay while still running;
 * new ones join only once they passed the health check (`healthy`). Pure, for the watcher.
 */
export function planUpstreams(running: TaskAddress[], healthy: Set<string>): string[] {
  return running.filter((t) => healthy.has(t.address)).map((t) => t.address);
}
