import { SlipwayError } from "../errors.js";
import { docker } from "./docker.js";

/** An image a deploy would run or build from, and where the deploy names it (for the message). */
export interface NamedImage {
  image: string;
  where: string;
}

/**
 * Refuse images another app built, unless `mayUse` says the caller may use that app: a key
 * limited to one app must not run, or build FROM, another app's image, which holds its code.
 * Images no app built (public ones, `images:load`) and images not on the host pass.
 */
export async function refuseOtherAppsImages(
  images: NamedImage[],
  app: string,
  mayUse: (owner: string) => boolean,
): Promise<void> {
  if (!images.length) return;
  const engine = await docker();
  const owners = await Promise.all(
    images.map(({ image }) =>
      engine
        .getImage(image)
        .inspect()
        .then(
          (i) => i.Config?.Labels?.["slipway.app"],
          () => undefined,
        ),
    ),
  );
  const i = owners.findIndex((owner) => owner !== undefined && owner !== app && !mayUse(owner));
  if (i < 0) return;
  // Not naming the owner: a key limited to one app learns no other app's name from this.
  throw new SlipwayError(
    "forbidden",
    `${images[i].where}: the image ${images[i].image} belongs to another app`,
    {
      hint: "use a public image or one of this app's own; a key that may use that app can deploy it",
      exitCode: 77,
    },
  );
}
