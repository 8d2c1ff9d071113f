import { readJson, writeJsonAtomic } from "../state/atomic-write.js";
import { paths } from "../state/paths.js";
import { docker } from "./docker.js";

/**
 * Remember the layers an app's builds committed. A failed build leaves its finished steps behind
 * as dangling images that carry only the base image's labels, not the app's, so a label filter
 * cannot find them; this record can.
 */
export function recordBuildLayers(app: string, ids: string[]): void {
  if (!ids.length) return;
  const known = readJson<string[]>(paths.buildLayers(app)) ?? [];
  writeJsonAtomic(paths.buildLayers(app), [...new Set([...known, ...ids])]);
}

/** Remove the recorded layers nothing uses any more: untagged, and no image built on top (the engine refuses those). */
export async function removeDanglingLayers(app: string): Promise<number> {
  const engine = await docker();
  const remaining: string[] = [];
  let removed = 0;
  for (const id of readJson<string[]>(paths.buildLayers(app)) ?? []) {
    const image = engine.getImage(id);
    const info = await image.inspect().catch(() => undefined);
    if (!info) continue; // gone already
    if (info.RepoTags?.length) {
      remaining.push(id);
      continue;
    }
    const ok = await image.remove({ noprune: false }).then(() => true, () => false);
    if (ok) removed++;
    else remaining.push(id); // a parent of a kept image, or used by a container
  }
  writeJsonAtomic(paths.buildLayers(app), remaining);
  return removed;
}
