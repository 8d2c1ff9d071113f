import { readJson, writeJsonAtomic } from "../state/atomic-write.js";
import { paths } from "../state/paths.js";
import { docker } from "./docker.js";
import { buildStepImages } from "./plan-image-prune.js";

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

/**
 * The layers a build committed, from the engine's structured records, never from the build's
 * text (which a RUN step can print anything into): each stage's image (the `aux` ID events)
 * with its history, and the images that step containers on the build network started from
 * (a failed stage has no aux ID). Only images created since the build started count, so an
 * image that was there before (another app's, or a base) is never recorded, whatever the
 * Dockerfile names or prints. The build's text only narrows that (`own`): a layer it took from the
 * cache, or a step container it never named, may be another build's on the same engine. A RUN step
 * printing such lines can only keep its own app's layers from being recorded.
 */
export async function committedLayers(
  stages: string[],
  startedMs: number,
  network: string,
  own: { steps: Set<string>; cached: Set<string> },
): Promise<string[]> {
  const engine = await docker();
  const since = Math.floor(startedMs / 1000);
  const ids = new Set<string>();
  for (const stage of stages) {
    const history: { Id: string; Created: number }[] = await engine
      .getImage(stage)
      .history()
      .catch(() => []);
    for (const h of history)
      if (h.Id.startsWith("sha256:") && h.Created >= since && !own.cached.has(h.Id.slice(7, 19)))
        ids.add(h.Id);
  }
  for (const id of buildStepImages(await engineEvents(since), network, own.steps)) {
    const created = await engine
      .getImage(id)
      .inspect()
      .then(
        (i) => Date.parse(i.Created),
        () => 0,
      );
    if (created >= since * 1000 && !own.cached.has(id.slice(7, 19))) ids.add(id);
  }
  return [...ids];
}

/** Container creations and network connections since then, as the engine's event stream gives them. */
async function engineEvents(since: number): Promise<string> {
  const engine = await docker();
  // `until` is now: a later one holds the stream open until that time comes.
  const filters = { type: ["container", "network"], event: ["create", "connect"] } as const;
  const stream = await engine.getEvents({ since, until: Date.now() / 1000, filters: filters as never });
  let text = "";
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString("utf8");
  return text;
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
    const ok = await image.remove({ noprune: false }).then(
      () => true,
      () => false,
    );
    if (ok) removed++;
    else remaining.push(id); // a parent of a kept image, or used by a container
  }
  writeJsonAtomic(paths.buildLayers(app), remaining);
  return removed;
}
