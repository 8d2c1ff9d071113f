import { usageError } from "../errors.js";

/** Which init runs an app's containers: a setting here, carried out by engine/supervisors. */
export type Supervisor = "docker" | "systemd" | "upstart";
const SUPERVISORS: readonly Supervisor[] = ["docker", "systemd", "upstart"];

export function parseSupervisor(value: unknown): Supervisor {
  if (SUPERVISORS.includes(value as Supervisor)) return value as Supervisor;
  throw usageError(`unknown supervisor ${JSON.stringify(value)}`, `use one of ${SUPERVISORS.join(", ")}`);
}
