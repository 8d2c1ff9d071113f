import { listAppContainers, removeContainer } from "../engine/containers.js";
import { liveContainerIds } from "../engine/live-containers.js";
import { planContainerPrune } from "../engine/plan-container-prune.js";
import { pruneBuildCache, pruneDanglingImages } from "../engine/prune-engine.js";
import { withAppLock } from "../state/app-lock.js";
import { listApps, loadApp } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";

export interface PruneReport {
  containers: number;
  images: number;
  /** Bytes the engine reclaimed from images and build cache. */
  bytes: number;
  /** Apps busy with a deploy, whose containers are left for the next prune. */
  busy: string[];
}

/** A step a cluster scheduler adds (old registry images); one host has none. */
export type PruneStep = (settings: Settings) => Promise<{ bytes: number }>;
export const clusterPruneSteps: PruneStep[] = [];

/** What slipwayd runs daily: stopped leftovers of every app, untagged images and old build cache. */
export async function pruneServer(settings: Settings): Promise<PruneReport> {
  let containers = 0;
  const busy: string[] = [];
  for (const { name } of listApps()) {
    // Under the app's lock, so a deploy's containers are never taken for leftovers; a busy app waits a day.
    const removed = await withAppLock(settings, name, () => pruneAppContainers(settings, name), {
      brief: true,
    }).catch(() => undefined);
    if (removed === undefined) busy.push(name);
    else containers += removed;
  }
  const images = await pruneDanglingImages(settings);
  let bytes = images.bytes + (await pruneBuildCache());
  for (const step of clusterPruneSteps) bytes += (await step(settings)).bytes;
  return { containers, images: images.count, bytes, busy };
}

async function pruneAppContainers(settings: Settings, app: string): Promise<number> {
  const live = liveContainerIds(loadApp(app)?.current);
  const ids = planContainerPrune(await listAppContainers(settings, app), live);
  for (const id of ids) await removeContainer(id, 0);
  return ids.length;
}
