import type { RouteTarget } from "../state/app-state.js";

/**
 * The previous release's ports that stay in nginx, as `backup` servers, while the new containers
 * finish their settle; pure. Only containers still running on this host count: none of a service
 * whose old containers were stopped first, none of a stopped app, no Swarm task addresses.
 * Undefined when there is nothing to keep.
 */
export function backupRoutes(
  previous: RouteTarget | undefined,
  next: RouteTarget,
  stoppedServices: ReadonlySet<string>,
): Record<string, number[]> | undefined {
  if (!previous || previous.stopped) return undefined;
  const backups: Record<string, number[]> = {};
  for (const [service, ports] of Object.entries(next.services)) {
    if (stoppedServices.has(service)) continue;
    const old = (previous.services[service] ?? []).filter(
      (p): p is number => typeof p === "number" && !ports.includes(p),
    );
    if (old.length) backups[service] = old;
  }
  return Object.keys(backups).length ? backups : undefined;
}
