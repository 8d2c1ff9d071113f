import type { HostConfig } from "dockerode";
import type { ServiceSpec } from "./plan-services.js";
import { CAPPED_LOGS } from "./log-config.js";

/** App names cannot contain a dot, so `shop` + `staging-data` never meets `shop-staging` + `data`. */
export function volumeName(namePrefix: string, app: string, volume: string): string {
  return `${namePrefix}-${app}.${volume}`;
}

/**
 * What every container of a service gets from the engine, long-running or one-off: its volumes,
 * its memory, process and CPU limits, and bounded logs. One builder, so a `run` or cron job can never
 * escape the limits its service has.
 */
export function serviceHostConfig(spec: ServiceSpec, namePrefix: string, app: string): HostConfig {
  return {
    Binds: Object.entries(spec.volumes).map(([vol, dir]) => `${volumeName(namePrefix, app, vol)}:${dir}`),
    Memory: spec.memoryBytes,
    // A fork bomb in one container must not take the host's process table.
    PidsLimit: spec.pids,
    NanoCpus: spec.cpu ? Math.round(spec.cpu * 1e9) : undefined,
    LogConfig: CAPPED_LOGS,
  };
}
