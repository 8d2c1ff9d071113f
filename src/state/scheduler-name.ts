import { SlipwayError, usageError } from "../errors.js";
import type { AppRecord } from "./app-state.js";

/** Which scheduler runs an app: this server's Docker engine alone, or the cluster's Swarm. */
export type SchedulerName = "docker" | "swarm";
const SCHEDULERS: readonly SchedulerName[] = ["docker", "swarm"];

export function parseScheduler(value: unknown): SchedulerName {
  if (SCHEDULERS.includes(value as SchedulerName)) return value as SchedulerName;
  throw usageError(`unknown scheduler ${JSON.stringify(value)}`, `use one of ${SCHEDULERS.join(", ")}`);
}

/** The app's own choice (`scheduler:set`), else the server's `scheduler` setting, else single-host. */
export function schedulerOf(
  record: Pick<AppRecord, "scheduler"> | undefined,
  setting?: unknown,
): SchedulerName {
  if (record?.scheduler) return record.scheduler;
  if (setting === undefined) return "docker";
  if (SCHEDULERS.includes(setting as SchedulerName)) return setting as SchedulerName;
  throw new SlipwayError("settings", `scheduler ${JSON.stringify(setting)} in settings.json is unknown`, {
    hint: `set "scheduler" to one of ${SCHEDULERS.join(", ")} (docs/settings.md)`,
  });
}
