import type { Settings } from "../state/settings.js";
import { appLabelFilter } from "./containers.js";
import { removeDanglingLayers } from "./build-layers.js";
import { docker } from "./docker.js";
import { planImagePrune } from "./plan-image-prune.js";

export function imageTag(settings: Settings, app: string, release: number): string {
  return `${settings.namePrefix}/${app}:${release}`;
}

/** Untag an image; the layers go once nothing else refers to them. */
export async function removeImage(ref: string): Promise<void> {
  const engine = await docker();
  try {
    await engine.getImage(ref).remove({ noprune: false });
  } catch {
    // already gone, or still used by a container: either way nothing to do now
  }
}

/** Keep the images of the live release and the newest keepReleases - 1 others; drop the rest and the app's dangling build layers. */
export async function pruneAppImages(settings: Settings, app: string, liveRelease: number): Promise<void> {
  const engine = await docker();
  const images = await engine.listImages({ filters: { label: appLabelFilter(settings, app) } });
  const owned = images.map((img) => ({ release: Number(img.Labels?.["slipway.release"]), refs: img.RepoTags?.length ? img.RepoTags : [img.Id] }));
  for (const ref of planImagePrune(owned, liveRelease, settings.keepReleases)) await removeImage(ref);
  await removeDanglingLayers(app);
}
