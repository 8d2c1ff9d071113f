import type { ImageFact } from "../state/migrations/migration.js";
import type { Settings } from "../state/settings.js";
import { appLabelFilter } from "./containers.js";
import { docker } from "./docker.js";
import { tagRelease } from "./images.js";

/** An app's images of a release, by their tag (or an older Slipway's release label), oldest first. */
export async function releaseImages(settings: Settings, app: string): Promise<ImageFact[]> {
  const engine = await docker();
  const images = await engine.listImages({ filters: { label: appLabelFilter(settings, app) } });
  return images
    .flatMap((img) => {
      const ref = img.RepoTags?.find((t) => t !== "<none>:<none>");
      // The tag names the release; images an older Slipway built also carry it as a label.
      const release = ref ? (tagRelease(settings, app, ref) ?? Number(img.Labels?.["slipway.release"])) : NaN;
      if (!ref || !Number.isInteger(release) || release < 1) return [];
      const sha = img.Labels?.["slipway.sha"];
      return [
        { ref, release, ...(sha ? { sha } : {}), createdAt: new Date(img.Created * 1000).toISOString() },
      ];
    })
    .sort((a, b) => a.release - b.release);
}
