import { SlipwayError } from "../../errors.js";

/** The parts of the engine's node, task and service objects that cluster:list and cluster:drain read. */
export interface SwarmNode {
  ID: string;
  Version?: { Index: number };
  Spec: { Role?: string; Availability?: string; Labels?: Record<string, string> };
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean };
}
export interface SwarmTask {
  NodeID?: string;
  ServiceID: string;
  DesiredState?: string;
  Status?: { State?: string };
}
export interface SwarmService {
  ID: string;
  Spec: { Name: string; Labels?: Record<string, string> };
}

/** Free memory and disk of one node, when they could be read. */
export interface NodeFree {
  memory?: number;
  disk?: number;
}

/** Tasks that hold a node: running or on their way there; a drained node is empty when none are left. */
export function liveTasksOn(tasks: SwarmTask[], nodeId: string): SwarmTask[] {
  const live = new Set(["new", "pending", "assigned", "accepted", "preparing", "starting", "running"]);
  return tasks.filter(
    (t) => t.NodeID === nodeId && t.DesiredState === "running" && live.has(t.Status?.State ?? ""),
  );
}

/** "shop/web x2, db/postgres": what runs on a node, named as Slipway names services. */
export function describeTasks(tasks: SwarmTask[], services: SwarmService[]): string {
  const names = new Map(services.map((s) => [s.ID, serviceName(s)]));
  const counts = new Map<string, number>();
  for (const t of tasks) {
    const name = names.get(t.ServiceID) ?? t.ServiceID.slice(0, 12);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n > 1 ? `${name} x${n}` : name)).join(", ");
}

function serviceName(s: SwarmService): string {
  const app = s.Spec.Labels?.["slipway.app"];
  const service = s.Spec.Labels?.["slipway.service"];
  return app && service ? `${app}/${service}` : s.Spec.Name;
}

/** One row of cluster:list per node, the manager first. */
export function nodeRows(
  nodes: SwarmNode[],
  tasks: SwarmTask[],
  services: SwarmService[],
  free: Record<string, NodeFree>,
) {
  const sorted = [...nodes].sort(
    (a, b) => roleRank(a) - roleRank(b) || hostname(a).localeCompare(hostname(b)),
  );
  return sorted.map((n) => ({
    node: hostname(n),
    id: n.ID.slice(0, 12),
    role: n.ManagerStatus?.Leader ? "manager (leader)" : (n.Spec.Role ?? "worker"),
    state: n.Status?.State ?? "unknown",
    availability: n.Spec.Availability ?? "active",
    address: n.Status?.Addr ?? "",
    tasks: describeTasks(liveTasksOn(tasks, n.ID), services) || "-",
    memory_free: bytes(free[n.ID]?.memory),
    memory_total: bytes(n.Description?.Resources?.MemoryBytes),
    disk_free: bytes(free[n.ID]?.disk),
  }));
}

const roleRank = (n: SwarmNode) => (n.Spec.Role === "manager" ? 0 : 1);
export const hostname = (n: SwarmNode) => n.Description?.Hostname ?? n.ID.slice(0, 12);

function bytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "-";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) [n, i] = [n / 1024, i + 1];
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** `MemAvailable` in kB from /proc/meminfo, then the `df -Pk` line of the docker data dir. */
export function parseNodeFree(text: string): NodeFree {
  const [mem, df] = text.trim().split("\n");
  const memory = Number(mem) * 1024;
  const avail = Number(df?.trim().split(/\s+/)[3]) * 1024;
  return {
    memory: Number.isFinite(memory) ? memory : undefined,
    disk: Number.isFinite(avail) ? avail : undefined,
  };
}

/** A node named by hostname, full id or a unique id prefix; never a guess between two. */
export function findNode(nodes: SwarmNode[], word: string): SwarmNode {
  const exact = nodes.filter((n) => n.ID === word || hostname(n) === word);
  const found = exact.length ? exact : nodes.filter((n) => n.ID.startsWith(word));
  if (found.length === 1) return found[0];
  const known = nodes.map(hostname).join(", ");
  if (found.length === 0)
    throw new SlipwayError("no-node", `no node named ${word} in this cluster`, {
      hint: `the nodes are: ${known} (cluster:list shows them)`,
    });
  throw new SlipwayError("ambiguous-node", `${word} names ${found.length} nodes`, {
    hint: "name the node by its full id (cluster:list --json shows it)",
  });
}
