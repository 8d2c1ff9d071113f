import type { Settings } from "../state/settings.js";
import { appLabelFilter } from "./containers.js";
import { docker } from "./docker.js";

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

/** Keep the images of the newest `keep` releases; drop older ones and the app's dangling layers. */
export async function pruneAppImages(settings: Settings, app: string, currentRelease: number): Promise<void> {
  const engine = await docker();
  const images = await engine.listImages({ filters: { label: appLabelFilter(settings, app) } });
  const oldest = currentRelease - Math.max(1, settings.keepReleases) + 1;
  for (const img of images) {
    const release = Number(img.Labels?.["slipway.release"]);
    if (release < oldest) await Promise.all((img.RepoTags ?? [img.Id]).map(removeImage));
  }
  await engine.pruneImages({ filters: { dangling: ["true"], label: appLabelFilter(settings, app) } });
}

/** True when the engine has this image locally; nothing is pulled. */
export async function imageExists(ref: string): Promise<boolean> {
  const engine = await docker();
  return engine.getImage(ref).inspect().then(() => true, () => false);
}
