import { SlipwayError } from "../errors.js";
import { imageExists } from "../engine/images.js";
import { ensureBuildNetwork } from "../engine/network.js";
import { toPusher, type BuildContext } from "./build-context.js";
import { buildImage } from "./build-image.js";
import { packContext } from "./context-tar.js";
import { parseImageRef } from "../template/image-ref.js";

/**
 * Give a prebuilt image the release's tag and labels, so pruning and destroy treat it like any
 * build, while the image the user named is never removed. Nothing is pulled: it must be here.
 */
export async function buildFromImage(ctx: BuildContext, ref: string): Promise<void> {
  const image = parseImageRef(ref);
  if (!(await imageExists(image))) throw missingImage(image);
  const context = packContext([{ name: "Dockerfile", text: `FROM ${image}\n` }]);
  const network = await ensureBuildNetwork(ctx.settings);
  await buildImage({ context, tag: ctx.tag, labels: ctx.labels, network, onOutput: toPusher });
}

/** Nothing is pulled, so a missing image says how to bring it here. */
export function missingImage(image: string): SlipwayError {
  return new SlipwayError("no-image", `the image ${image} is not on this host`, {
    hint: "copy it here with `docker save IMAGE | ssh root@HOST slipway images:load`, then try again",
  });
}
