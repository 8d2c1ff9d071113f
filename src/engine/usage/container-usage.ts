import fs from "node:fs";
import type Docker from "dockerode";
import type { Settings } from "../../state/settings.js";
import { docker } from "../docker.js";

/** One of Slipway's containers as the status report sees it: state, health, restarts and one stats sample. */
export interface ContainerUsage {
  id: string;
  name: string;
  app: string;
  service: string;
  state: string;
  health?: string;
  restartCount: number;
  /** Bytes of its json-file log, undefined when the engine's directory cannot be read (not root). */
  logBytes?: number;
  memoryBytes?: number;
  memoryLimitBytes?: number;
  cpuPercent?: number;
}

/** Every container of the given apps, with one engine stats sample for running ones (sampled together). */
export async function containerUsage(settings: Settings, apps: Set<string>): Promise<ContainerUsage[]> {
  const engine = await docker();
  const labels = ["slipway.app", ...Object.entries(settings.labels).map(([k, v]) => `${k}=${v}`)];
  const listed = await engine.listContainers({ all: true, filters: { label: labels } });
  // Another installation sharing the engine (another name prefix) has apps of its own.
  return Promise.all(listed.filter((c) => apps.has(c.Labels["slipway.app"])).map((c) => usageOf(engine, c)));
}

async function usageOf(engine: Docker, c: Docker.ContainerInfo): Promise<ContainerUsage> {
  const container = engine.getContainer(c.Id);
  const info = await container.inspect().catch(() => undefined);
  const usage: ContainerUsage = {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
    app: c.Labels["slipway.app"],
    service: c.Labels["slipway.service"] ?? "",
    state: info?.State.Status ?? c.State,
    health: info?.State.Health?.Status,
    restartCount: info?.RestartCount ?? 0,
    logBytes: info?.LogPath ? fileSize(info.LogPath) : undefined,
  };
  if (usage.state !== "running") return usage;
  const stats = await container.stats({ stream: false }).catch(() => undefined);
  return stats ? { ...usage, ...statsSample(stats) } : usage;
}

function fileSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}

/** Memory as `docker stats` shows it (page cache not counted) and CPU over the engine's two readings. */
export function statsSample(
  s: Docker.ContainerStats,
): Pick<ContainerUsage, "memoryBytes" | "memoryLimitBytes" | "cpuPercent"> {
  // A container that stopped while it was sampled gets empty readings, not missing fields.
  const mem: Partial<Docker.MemoryStats> = s.memory_stats ?? {};
  const cache = mem.stats?.inactive_file ?? mem.stats?.total_inactive_file ?? 0;
  const cpu = s.cpu_stats?.cpu_usage;
  const cpuDelta = (cpu?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats?.online_cpus || cpu?.percpu_usage?.length || 1;
  return {
    memoryBytes: mem.usage === undefined ? undefined : Math.max(0, mem.usage - cache),
    memoryLimitBytes: mem.limit,
    cpuPercent: systemDelta > 0 && cpuDelta >= 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
  };
}
