import type { Release } from "../state/app-state.js";

export interface LogSource {
  /** Printed before each line: `web.1`, `worker.1`. */
  prefix: string;
  containerId: string;
}

/** Every container of a release (or of one service), labelled for the merged view. */
export function logSources(release: Release, service?: string): LogSource[] {
  return Object.entries(release.services)
    .filter(([name]) => !service || name === service)
    .flatMap(([name, s]) => s.containers.map((c, i) => ({ prefix: `${name}.${i + 1}`, containerId: c.id })));
}
