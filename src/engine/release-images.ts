import type { ImageFact } from "../state/migrations/migration.js";
import type { Settings } from "../state/settings.js";
import { appLabelFilter } from "./containers.js";
import { docker } from "./docker.js";

/** An app's images that carry a release label (every Slipway since the first labels them), oldest first. */
export async function releaseImages(settings: Settings, app: string): Promise<ImageFact[]> {
  const engine = await docker();
  const images = await engine.listImages({ filters: { label: appLabelFilter(settings, app) } });
  return images
    .flatMap((img) => {
      const release = Number(img.Labels?.["slipway.release"]);
      const ref = img.RepoTags?.find((t) => t !== "<none>:<none>");
      if (!ref || !Number.isInteger(release) || release < 1) return [];
      const sha = img.Labels?.["slipway.sha"];
      return [
        { ref, release, ...(sha ? { sha } : {}), createdAt: new Date(img.Created * 1000).toISOString() },
      ];
    })
    .sort((a, b) => a.release - b.release);
}
