import type { ImageInfo } from "dockerode";
import type { ImageFact } from "../state/migrations/migration.js";
import type { Settings } from "../state/settings.js";
import { appLabelFilter } from "./containers.js";
import { docker } from "./docker.js";
import { tagRelease } from "./images.js";

/** An app's images of a release, by their tag (or an older Slipway's release label), oldest first. */
export async function releaseImages(settings: Settings, app: string): Promise<ImageFact[]> {
  const engine = await docker();
  return releaseFacts(
    settings,
    app,
    await engine.listImages({ filters: { label: appLabelFilter(settings, app) } }),
  );
}

type ListedImage = Pick<ImageInfo, "RepoTags" | "Labels" | "Created">;

/** The release each listed image of the app is tagged (or labelled) with, oldest first. */
export function releaseFacts(settings: Settings, app: string, images: ListedImage[]): ImageFact[] {
  return images
    .flatMap((img) => {
      const tags = (img.RepoTags ?? []).filter((t) => t !== "<none>:<none>");
      const sha = img.Labels?.["slipway.sha"];
      const fact = (ref: string, release: number) => ({
        ref,
        release,
        ...(sha ? { sha } : {}),
        createdAt: new Date(img.Created * 1000).toISOString(),
      });
      // The tags name the releases: a build wholly from the cache is the same image as the release
      // before it, under both numbers. Images an older Slipway built carry the release as a label.
      const tagged = tags.flatMap((ref) => {
        const release = tagRelease(settings, app, ref);
        return release ? [fact(ref, release)] : [];
      });
      if (tagged.length) return tagged;
      const labelled = Number(img.Labels?.["slipway.release"]);
      return tags.length && Number.isInteger(labelled) && labelled >= 1 ? [fact(tags[0], labelled)] : [];
    })
    .sort((a, b) => a.release - b.release);
}
