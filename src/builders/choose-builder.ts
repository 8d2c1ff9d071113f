import { SlipwayError } from "../errors.js";
import type { BuilderName } from "../state/app-state.js";

export interface BuilderFacts {
  /** Set with `builder:set`; wins over everything else. */
  override?: BuilderName;
  hasDockerfile: boolean;
  buildpackImage: string;
  buildpackImagePresent: boolean;
}

export interface BuilderChoice {
  builder: BuilderName;
  /** Printed to the pusher, so they know why this builder and how to change it. */
  reason: string;
}

/** Dockerfile first, then buildpacks if their builder image is here, else built-in detection. */
export function chooseBuilder(f: BuilderFacts): BuilderChoice {
  if (f.override) return checkOverride(f, f.override);
  if (f.hasDockerfile) return { builder: "dockerfile", reason: "the repository has a Dockerfile" };
  if (f.buildpackImagePresent)
    return {
      builder: "buildpack",
      reason: `no Dockerfile; the buildpack builder image ${f.buildpackImage} is on this host`,
    };
  return {
    builder: "detect",
    reason: `no Dockerfile, and no buildpack builder image (${f.buildpackImage}) on this host`,
  };
}

function checkOverride(f: BuilderFacts, builder: BuilderName): BuilderChoice {
  const reason = `set with builder:set (\`builder:set APP auto\` chooses again per push)`;
  if (builder === "dockerfile" && !f.hasDockerfile) {
    throw new SlipwayError(
      "no-dockerfile",
      "this app builds from a Dockerfile, and this push has none at the top of the repository",
      {
        hint: "add a Dockerfile, or let Slipway choose with `builder:set APP auto`",
      },
    );
  }
  if (builder === "buildpack" && !f.buildpackImagePresent) {
    throw new SlipwayError(
      "no-builder-image",
      `this app builds with buildpacks, and the builder image ${f.buildpackImage} is not on this host`,
      {
        hint: `load it with \`slipway images:load < slugbuilder.tar\`, or choose another builder with \`builder:set APP detect\``,
      },
    );
  }
  if (builder === "image") {
    throw new SlipwayError(
      "image-only",
      "this app deploys prebuilt images only, so a push does not deploy it",
      {
        hint: "run `slipway deploy:image APP IMAGE`, or build pushes again with `builder:set APP auto`",
      },
    );
  }
  return { builder, reason };
}
