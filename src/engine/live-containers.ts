import type { Release } from "../state/app-state.js";

/** Ids of every container a release runs. */
export function liveContainerIds(release: Release | undefined): Set<string> {
  return new Set(Object.values(release?.services ?? {}).flatMap((s) => s.containers.map((c) => c.id)));
}
