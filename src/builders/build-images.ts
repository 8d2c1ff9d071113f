import { say } from "../output.js";
import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import type { Template } from "../template/template.js";
import { docker } from "../engine/docker.js";
import { imageLabels, imageTag } from "../engine/images.js";
import { ensureBuildNetwork } from "../engine/network.js";
import type { Release } from "../state/app-state.js";
import { archiveTree, treeHasFile } from "./archive.js";
import { buildApp, type BuildAppRequest } from "./build-app.js";
import { buildImage } from "./build-image.js";
import { checkPushedDockerfile } from "./pushed-dockerfile.js";
import { stepText } from "../step-lines.js";
import { contextBuildKey } from "./build-key.js";

export type BuildRequest = BuildAppRequest;

/** Build context → image, and → build key for the contexts whose builds are keyed (see build-key.ts). */
export interface BuiltImages {
  images: Record<string, string>;
  keys: Record<string, string>;
}

/**
 * One image per build context the template names (usually just `.`). A context some kept release
 * built from this same sha, or from the same build key, is reused: no rebuild, and its services keep
 * their containers (same image id).
 */
export async function buildImages(
  settings: Settings,
  req: BuildRequest,
  template: Template,
  earlier: Release[],
): Promise<BuiltImages> {
  const contexts = [
    ...new Set(template.services.flatMap((s) => (s.build === undefined ? [] : [normalizeContext(s.build)]))),
  ];
  const built: BuiltImages = { images: {}, keys: {} };
  for (const context of contexts) {
    const key = await contextBuildKey(req, context);
    if (key) built.keys[context] = key;
    const imagesOf = (which: Release[]) => builtBefore(which.map((r) => r.images[context]));
    const sameSha = await imagesOf(earlier.filter((r) => r.sha === req.sha));
    const sameKey = key && (await imagesOf(earlier.filter((r) => r.buildKeys?.[context] === key)));
    if (sameSha)
      say.step(`Reusing the image of ${req.sha.slice(0, 7)} for ${context} (same commit, no rebuild)`);
    else if (sameKey) say.step(`${servicesBuiltFrom(template, context).join(", ")} unchanged (same tree)`);
    built.images[context] = sameSha || sameKey || (await buildContext(settings, req, context));
  }
  return built;
}

function buildContext(settings: Settings, req: BuildRequest, context: string): Promise<string> {
  return context === "."
    ? buildApp(settings, req).then((b) => b.image)
    : buildSubdirectory(settings, req, context);
}

function servicesBuiltFrom(template: Template, context: string): string[] {
  const from = template.services.filter(
    (s) => s.build !== undefined && normalizeContext(s.build) === context,
  );
  return from.map((s) => s.name);
}

async function builtBefore(candidates: (string | undefined)[]): Promise<string | undefined> {
  const engine = await docker();
  for (const ref of candidates)
    if (
      ref &&
      (await engine
        .getImage(ref)
        .inspect()
        .catch(() => undefined))
    )
      return ref;
  return undefined;
}

export function normalizeContext(dir: string): string {
  const clean = dir
    .split("/")
    .filter((p) => p && p !== ".")
    .join("/");
  return clean || ".";
}

/** A service built from a subdirectory uses that directory's Dockerfile. */
async function buildSubdirectory(settings: Settings, req: BuildRequest, context: string): Promise<string> {
  const treeish = `${req.sha}:${context}`;
  const dockerfile = `${context}/Dockerfile`;
  if (!(await treeHasFile(req.repoDir, req.sha, dockerfile))) {
    throw new SlipwayError("no-dockerfile", `this push has no ${dockerfile}`, {
      hint: "add a Dockerfile (FROM ..., EXPOSE <port>, CMD ...) and push again",
    });
  }
  await checkPushedDockerfile(req.repoDir, treeish, dockerfile, {
    app: req.app,
    mayUseImagesOf: req.mayUseImagesOf ?? (() => false),
  });
  // The context goes in the tag, after the release number: app names can contain dashes, so
  // `shop` + `api` must never become the repository of an app called `shop-api`.
  const tag = `${imageTag(settings, req.app, req.release)}.${context.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`;
  say.step(stepText.building(req.app, req.release, `from ${dockerfile} (${req.sha.slice(0, 7)})`));
  const labels = imageLabels(settings, req.app);
  const network = await ensureBuildNetwork(settings);
  const { tar, done } = archiveTree(req.repoDir, treeish);
  await Promise.all([
    buildImage({ context: tar, tag, labels, network, onOutput: (t) => process.stderr.write(t) }),
    done,
  ]);
  return tag;
}
