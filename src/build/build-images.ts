import { say } from "../cli/output.js";
import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import type { Template } from "../template/template.js";
import { docker } from "../runtime/docker.js";
import { imageTag } from "../runtime/images.js";
import type { Release } from "../state/app-state.js";
import { archiveTree, treeHasFile } from "./archive.js";
import { buildApp, type BuildAppRequest } from "./build-app.js";
import { buildImage } from "./build-image.js";
import { stepText } from "../cli/step-lines.js";

export type BuildRequest = BuildAppRequest;

/**
 * One image per build context the template names (usually just `.`). A context some kept release
 * built from this same sha is reused: same sha, same image, no rebuild.
 */
export async function buildImages(settings: Settings, req: BuildRequest, template: Template, earlier: Release[]): Promise<Record<string, string>> {
  const contexts = [...new Set(template.services.flatMap((s) => (s.build === undefined ? [] : [normalizeContext(s.build)])))];
  const images: Record<string, string> = {};
  for (const context of contexts) {
    const previous = await builtBefore(earlier.filter((r) => r.sha === req.sha).map((r) => r.images[context]));
    if (previous) {
      say.step(`Reusing the image of ${req.sha.slice(0, 7)} for ${context} (same commit, no rebuild)`);
      images[context] = previous;
    } else {
      images[context] = context === "." ? (await buildApp(settings, req)).image : await buildSubdirectory(settings, req, context);
    }
  }
  return images;
}

async function builtBefore(candidates: (string | undefined)[]): Promise<string | undefined> {
  const engine = await docker();
  for (const ref of candidates) if (ref && (await engine.getImage(ref).inspect().catch(() => undefined))) return ref;
  return undefined;
}

export function normalizeContext(dir: string): string {
  const clean = dir.split("/").filter((p) => p && p !== ".").join("/");
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
  // The context goes in the tag, after the release number: app names can contain dashes, so
  // `shop` + `api` must never become the repository of an app called `shop-api`.
  const tag = `${imageTag(settings, req.app, req.release)}.${context.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`;
  say.step(stepText.building(req.app, req.release, `from ${dockerfile} (${req.sha.slice(0, 7)})`));
  const labels = { ...settings.labels, "slipway.app": req.app, "slipway.release": String(req.release), "slipway.sha": req.sha };
  const { tar, done } = archiveTree(req.repoDir, treeish);
  await Promise.all([buildImage({ context: tar, tag, labels, onOutput: (t) => process.stderr.write(t) }), done]);
  return tag;
}
