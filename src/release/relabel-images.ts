import type { Release } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { buildImage } from "../builders/build-image.js";
import { packContext } from "../builders/context-tar.js";
import { ensureBuildNetwork } from "../engine/network.js";
import { imageLabels, imageTag } from "../engine/images.js";

/**
 * The live release's built images under `app`'s own tag and labels, so its pruning and destroy
 * find them. `FROM image` only: no step runs and nothing is rebuilt; the layers are shared.
 */
export async function relabelImages(
  settings: Settings,
  app: string,
  number: number,
  release: Release,
): Promise<Record<string, string>> {
  const network = await ensureBuildNetwork(settings);
  const labels = imageLabels(settings, app);
  const out: Record<string, string> = {};
  for (const [context, ref] of Object.entries(release.images)) {
    const tag = `${imageTag(settings, app, number)}.${context.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`;
    const dockerfile = packContext([{ name: "Dockerfile", text: `FROM ${ref}\n` }]);
    await buildImage({ context: dockerfile, tag, labels, network, onOutput: () => undefined });
    out[context] = tag;
  }
  return out;
}
