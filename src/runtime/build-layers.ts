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

/**
 * The layers a build committed, from the engine's structured records, never from the build's
 * text (which a RUN step can print anything into): each stage's image (the `aux` ID events)
 * with its history, and the images the step containers started from (a failed stage has no
 * aux ID). Only images created since the build started count, so an image that was there
 * before (another app's, or a base) is never recorded, whatever the Dockerfile names.
 */
export async function committedLayers(stageImages: string[], startedMs: number): Promise<string[]> {
  const engine = await docker();
  const since = Math.floor(startedMs / 1000);
  const ids = new Set<string>();
  for (const stage of stageImages) {
    const history = (await engine.getImage(stage).history().catch(() => [])) as { Id: string; Created: number }[];
    for (const h of history) if (h.Id.startsWith("sha256:") && h.Created >= since) ids.add(h.Id);
  }
  for (const id of await stepContainerImages(since)) {
    const created = await engine.getImage(id).inspect().then((i) => Date.parse(i.Created), () => 0);
    if (created >= since * 1000) ids.add(id);
  }
  return [...ids];
}

/** Images that containers created since then started from: a classic build's RUN steps. */
async function stepContainerImages(since: number): Promise<string[]> {
  const engine = await docker();
  // `until` is now: a later one holds the stream open until that time comes.
  const until = Date.now() / 1000;
  const stream = await engine.getEvents({ since, until, filters: { type: ["container"], event: ["create"] } });
  let text = "";
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString("utf8");
  const images = text.split("\n").filter((l) => l.trim()).map((l) => {
    const ev = JSON.parse(l) as { Actor?: { Attributes?: { image?: string } } };
    return ev.Actor?.Attributes?.image ?? "";
  });
  return [...new Set(images.filter((i) => i.startsWith("sha256:")))];
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
