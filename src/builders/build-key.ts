import crypto from "node:crypto";
import { loadApp } from "../state/app-state.js";
import { docker } from "../engine/docker.js";
import { readTreeFile, treeHash } from "./archive.js";
import type { BuildAppRequest } from "./build-app.js";

/** Everything that goes into a Dockerfile build of one context; an equal key means an equal image. */
export interface BuildKeyParts {
  /** Git tree hash of the build context. */
  tree: string;
  dockerfile: string;
  builder: "dockerfile";
  /** Image id (or "absent") of each image the Dockerfile's FROM lines name, in order. */
  bases: string[];
}

export function buildKey(parts: BuildKeyParts): string {
  return crypto.createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** Images named by FROM lines (stage names among them resolve to "absent", the same on every push). */
export function fromImages(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1]);
}

/**
 * The key of a context built from its Dockerfile, or undefined when its build is not keyed
 * (image deploys, and a top-level context built by buildpacks or detect: those always build).
 */
export async function contextBuildKey(req: BuildAppRequest, context: string): Promise<string | undefined> {
  if (req.prebuiltImage) return undefined;
  const override = context === "." ? loadApp(req.app)?.builder : undefined;
  if (override && override !== "dockerfile") return undefined;
  const dockerfile = context === "." ? "Dockerfile" : `${context}/Dockerfile`;
  // git and the engine answer at the same time: every push computes this key before it builds.
  const [text, tree, engine] = await Promise.all([
    readTreeFile(req.repoDir, req.sha, dockerfile),
    treeHash(req.repoDir, req.sha, context).catch(() => undefined), // no such directory: no Dockerfile either
    docker(),
  ]);
  if (text === undefined || tree === undefined) return undefined;
  const baseId = (ref: string) =>
    engine
      .getImage(ref)
      .inspect()
      .then(
        (i) => i.Id,
        () => "absent",
      );
  const bases = await Promise.all(fromImages(text).map(baseId));
  return buildKey({ tree, dockerfile, builder: "dockerfile", bases });
}
