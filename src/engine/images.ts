import { listReleases } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { appLabelFilter } from "./containers.js";
import { removeDanglingLayers } from "./build-layers.js";
import { docker } from "./docker.js";
import { keptImages } from "./plan-image-prune.js";

export function imageTag(settings: Settings, app: string, release: number): string {
  return `${settings.namePrefix}/${app}:${release}`;
}

/**
 * The labels a release's images are built with. Docker 20.10's classic builder adds each as a step
 * with a container of its own (about 45 ms a push), so only the app, which pruning and ownership
 * filter on: the release is in the tag (imageTag) and the commit in the release record.
 */
export function imageLabels(settings: Settings, app: string): Record<string, string> {
  return { ...settings.labels, "slipway.app": app };
}

/** The release an image tag of this app names (imageTag, with or without a `.context`), if it is one. */
export function tagRelease(settings: Settings, app: string, ref: string): number | undefined {
  const prefix = `${settings.namePrefix}/${app}:`;
  const release = ref.startsWith(prefix)
    ? /^([1-9]\d*)(\.[a-z0-9-]+)?$/.exec(ref.slice(prefix.length))
    : null;
  return release ? Number(release[1]) : undefined;
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

/**
 * Keep the images the newest `keepReleases` releases use (a rollback reuses old images under a new
 * number, so release labels alone would be wrong); drop the app's other images and dangling layers.
 */
export async function pruneAppImages(settings: Settings, app: string): Promise<void> {
  const engine = await docker();
  const keep = keptImages(listReleases(app), settings.keepReleases);
  const images = await engine.listImages({ filters: { label: appLabelFilter(settings, app) } });
  for (const img of images) {
    const tags = img.RepoTags ?? [];
    if (!tags.some((t) => keep.has(t))) await Promise.all((tags.length ? tags : [img.Id]).map(removeImage));
  }
  await engine.pruneImages({ filters: { dangling: ["true"], label: appLabelFilter(settings, app) } });
  await removeDanglingLayers(app);
}

/** True when the engine has this image locally; nothing is pulled. */
export async function imageExists(ref: string): Promise<boolean> {
  const engine = await docker();
  return engine
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}
