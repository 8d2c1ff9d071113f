import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { imageExists, imageLabels, imageTag } from "../engine/images.js";
import { ensureBuildNetwork } from "../engine/network.js";
import type { BuilderName } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { archiveTree, listTree, readTreeFile } from "./archive.js";
import { toPusher, type BuildContext } from "./build-context.js";
import { buildDetected } from "./build-detected.js";
import { buildImage } from "./build-image.js";
import { buildFromImage } from "./build-prebuilt.js";
import { buildWithBuildpacks } from "./build-slug.js";
import { chooseBuilder } from "./choose-builder.js";
import { parseProcfile } from "./procfile.js";
import { checkPushedDockerfile } from "./pushed-dockerfile.js";
import { stepText } from "../step-lines.js";

export interface BuildAppRequest {
  app: string;
  sha: string;
  repoDir: string;
  release: number;
  /** Deploy this local image instead of building the tree (`deploy:image`). */
  prebuiltImage?: string;
  /** The app's `builder:set` choice, from the record the push read. */
  builder?: BuilderName;
  /** Whose images (besides the app's own) the caller may build from; none when not said. */
  mayUseImagesOf?: (owner: string) => boolean;
}

export interface BuiltApp {
  /** Tag of the release's image. */
  image: string;
  builder: BuilderName;
  /** Why this builder; printed in the push output. */
  reason: string;
  /** The tree's Procfile, {} when it has none. */
  procfile: Record<string, string>;
  /** A slug on a slugrunner image: processes start as `start TYPE`. */
  slug: boolean;
}

export const SLUG_LABEL = "slipway.slug";

const HOW: Record<BuilderName, string> = {
  dockerfile: "from Dockerfile",
  buildpack: "with buildpacks",
  detect: "with built-in detection",
  image: "from a prebuilt image",
};

/** Build the release's image with the builder this push calls for. The caller holds the app's lock. */
export async function buildApp(settings: Settings, req: BuildAppRequest): Promise<BuiltApp> {
  const ctx = buildContext(settings, req);
  if (req.prebuiltImage) {
    say.step(stepText.building(req.app, req.release, `from image ${req.prebuiltImage}`));
    await buildFromImage(ctx, req.prebuiltImage);
    return { image: ctx.tag, builder: "image", reason: "deploy:image", procfile: {}, slug: false };
  }
  const { buildpackImage } = settings.builders;
  const [files, procfileText, buildpackImagePresent] = await Promise.all([
    listTree(req.repoDir, req.sha),
    readTreeFile(req.repoDir, req.sha, "Procfile"),
    imageExists(buildpackImage),
  ]);
  const procfile = parseProcfile(procfileText ?? "");
  const choice = chooseBuilder({
    override: req.builder,
    hasDockerfile: files.includes("Dockerfile"),
    buildpackImage,
    buildpackImagePresent,
  });
  say.step(stepText.building(req.app, req.release, `${HOW[choice.builder]} (${req.sha.slice(0, 7)})`));
  say.step(`Builder: ${choice.builder}, because ${choice.reason}`);
  if (Object.keys(procfile).length) say.step(`Procfile process types: ${Object.keys(procfile).join(", ")}`);
  if (choice.builder === "dockerfile") await buildDockerfile(ctx);
  // The label tells later deploys (and rollbacks) that Procfile types start as `start TYPE`.
  if (choice.builder === "buildpack")
    await buildWithBuildpacks({ ...ctx, labels: { ...ctx.labels, [SLUG_LABEL]: "1" } });
  if (choice.builder === "detect") await buildDetected(ctx, files, procfile);
  return { image: ctx.tag, ...choice, procfile, slug: choice.builder === "buildpack" };
}

/** The argv a process type runs in the built image; [] means the image's own CMD. */
export function processCommand(built: BuiltApp, type: string): string[] {
  if (built.slug) return ["start", type];
  const line = built.procfile[type];
  if (line) return ["/bin/sh", "-c", line];
  if (type === "web") return [];
  throw new SlipwayError("no-process-type", `the Procfile has no process type "${type}"`, {
    hint: `add a line such as \`${type}: ./run-${type}\` to the Procfile`,
  });
}

function buildContext(settings: Settings, req: BuildAppRequest): BuildContext {
  const labels = imageLabels(settings, req.app);
  return {
    settings,
    app: req.app,
    sha: req.sha,
    repoDir: req.repoDir,
    release: req.release,
    tag: imageTag(settings, req.app, req.release),
    labels,
    mayUseImagesOf: req.mayUseImagesOf ?? (() => false),
  };
}

async function buildDockerfile(ctx: BuildContext): Promise<void> {
  await checkPushedDockerfile(ctx.repoDir, ctx.sha, "Dockerfile", ctx);
  const network = await ensureBuildNetwork(ctx.settings);
  const { tar, done } = archiveTree(ctx.repoDir, ctx.sha);
  await Promise.all([
    buildImage({ context: tar, tag: ctx.tag, labels: ctx.labels, network, onOutput: toPusher }),
    done,
  ]);
}
