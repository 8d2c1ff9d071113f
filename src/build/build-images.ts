import { say } from "../cli/output.js";
import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import type { Template } from "../template/template.js";
import { imageTag } from "../runtime/images.js";
import { archiveTree, treeHasFile } from "./archive.js";
import { buildImage } from "./build-image.js";

export interface BuildRequest {
  app: string;
  sha: string;
  repoDir: string;
  release: number;
}

/**
 * One image per build context the template names (usually just `.`). A context already built
 * from this sha by the running release is reused: same sha, same image, no rebuild.
 */
export async function buildImages(settings: Settings, req: BuildRequest, template: Template, reuse: { sha?: string; images: Record<string, string> } | undefined): Promise<Record<string, string>> {
  const contexts = [...new Set(template.services.flatMap((s) => (s.build === undefined ? [] : [normalizeContext(s.build)])))];
  const images: Record<string, string> = {};
  for (const context of contexts) {
    const previous = reuse?.sha === req.sha ? reuse.images[context] : undefined;
    if (previous) {
      say.step(`Reusing the image of ${req.sha.slice(0, 7)} for ${context} (same commit, no rebuild)`);
      images[context] = previous;
    } else {
      images[context] = await buildContext(settings, req, context);
    }
  }
  return images;
}

export function normalizeContext(dir: string): string {
  const clean = dir.split("/").filter((p) => p && p !== ".").join("/");
  return clean || ".";
}

async function buildContext(settings: Settings, req: BuildRequest, context: string): Promise<string> {
  const treeish = context === "." ? req.sha : `${req.sha}:${context}`;
  const dockerfile = context === "." ? "Dockerfile" : `${context}/Dockerfile`;
  if (!(await treeHasFile(req.repoDir, req.sha, dockerfile))) {
    throw new SlipwayError("no-dockerfile", `this push has no ${dockerfile}`, {
      hint: "add a Dockerfile (FROM ..., EXPOSE <port>, CMD ...) and push again",
    });
  }
  const suffix = context === "." ? "" : `-${context.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`;
  const tag = imageTag(settings, `${req.app}${suffix}`, req.release);
  say.step(`Building ${req.app} release ${req.release} from ${dockerfile} (${req.sha.slice(0, 7)})`);
  const labels = { ...settings.labels, "slipway.app": req.app, "slipway.release": String(req.release), "slipway.sha": req.sha };
  const { tar, done } = archiveTree(req.repoDir, treeish);
  await Promise.all([buildImage({ context: tar, tag, labels, onOutput: (t) => process.stderr.write(t) }), done]);
  return tag;
}
