import http from "node:http";
import { SlipwayError } from "../../errors.js";

/** One container as the engine lists it, the fields the dashboard reads. */
export interface EngineContainer {
  Id: string;
  Names: string[];
  State: string;
  Status: string;
  Labels: Record<string, string>;
}

/** A GET to the engine's HTTP API on its socket (slipwayd does not load dockerode), bounded in time. */
export function engineGet<T>(path: string, timeoutMs = 5000): Promise<T> {
  const socketPath = process.env.DOCKER_SOCKET || "/var/run/docker.sock";
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.once("end", () => {
        if (res.statusCode !== 200) return reject(engineError(`answered ${res.statusCode} to ${path}`));
        resolve(JSON.parse(body) as T);
      });
    });
    req.once("timeout", () => req.destroy(new Error("no answer in time")));
    req.once("error", (err) => reject(engineError(err.message, err)));
  });
}

function engineError(what: string, cause?: unknown): SlipwayError {
  return new SlipwayError("docker", `the Docker engine ${what}`, { hint: "is dockerd running?", cause });
}

/** Every container of every app, in one call, so the overview costs the same for 1 app or 100. */
export function appContainers(): Promise<EngineContainer[]> {
  const filters = JSON.stringify({ label: ["slipway.app"] });
  return engineGet<EngineContainer[]>(`/containers/json?all=1&filters=${encodeURIComponent(filters)}`);
}

interface EngineStats {
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number; limit?: number; stats?: { inactive_file?: number } };
}

/** CPU (% of one core) and memory (bytes) of a running container; the engine samples for about a second. */
export async function containerUsage(id: string): Promise<{ cpuPercent: number; memoryBytes: number }> {
  const s = await engineGet<EngineStats>(`/containers/${encodeURIComponent(id)}/stats?stream=false`);
  const cpu = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const system = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? 1;
  const memory = (s.memory_stats.usage ?? 0) - (s.memory_stats.stats?.inactive_file ?? 0);
  return { cpuPercent: system > 0 ? (cpu / system) * cpus * 100 : 0, memoryBytes: Math.max(0, memory) };
}
