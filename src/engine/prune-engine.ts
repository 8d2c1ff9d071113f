import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";

/** Nothing younger than this is pruned: a build or deploy under way still needs what it just made. */
export const PRUNE_MIN_AGE = "1h";

/** Build cache unused for PRUNE_MIN_AGE (coolify#10507 kept 62 GB of it); bytes reclaimed. */
export async function pruneBuildCache(): Promise<number> {
  const engine = await docker();
  const filters = JSON.stringify({ until: [PRUNE_MIN_AGE] });
  const info = await new Promise<{ SpaceReclaimed?: number }>((resolve, reject) =>
    engine.modem.dial(
      {
        path: "/build/prune?",
        method: "POST",
        options: { filters },
        statusCodes: { 200: true, 500: "server error" },
      },
      (err: unknown, data: unknown) =>
        err ? reject(err) : resolve((data ?? {}) as { SpaceReclaimed?: number }),
    ),
  );
  return info.SpaceReclaimed ?? 0;
}

/** Untagged images (superseded builds) of this installation's labels, older than PRUNE_MIN_AGE. */
export async function pruneDanglingImages(settings: Settings): Promise<{ count: number; bytes: number }> {
  const engine = await docker();
  const label = Object.entries(settings.labels).map(([k, v]) => `${k}=${v}`);
  const filters = { dangling: ["true"], until: [PRUNE_MIN_AGE], ...(label.length ? { label } : {}) };
  const info = await engine.pruneImages({ filters: JSON.stringify(filters) });
  return { count: (info.ImagesDeleted ?? []).length, bytes: info.SpaceReclaimed ?? 0 };
}
