import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { SlipwayError } from "../errors.js";
import { gitQuery } from "../system/git-query.js";

/**
 * The pushed tree as a tar stream, spawned directly: gitQuery returns text, and the tar is
 * binary. The child inherits our env, so inside pre-receive it sees the quarantined objects
 * (GIT_QUARANTINE_PATH and friends).
 */
export function archiveTree(
  repoDir: string,
  sha: string,
  only: string[] = [],
): { tar: Readable; done: Promise<void> } {
  const pathspec = only.length ? ["--", ...only] : [];
  const child = spawn("git", ["archive", "--format=tar", sha, ...pathspec], {
    cwd: repoDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0
        ? resolve()
        : reject(new SlipwayError("archive", `git archive of ${sha} failed: ${stderr.trim()}`)),
    );
  });
  return { tar: child.stdout, done };
}

/** True when the pushed tree has this file at its top level. */
export async function treeHasFile(repoDir: string, sha: string, file: string): Promise<boolean> {
  return (await gitQuery(repoDir, ["ls-tree", "--name-only", sha, "--", file])).trim() !== "";
}

/** Top-level names in the pushed tree, for choosing a builder without unpacking it. */
export async function listTree(repoDir: string, sha: string): Promise<string[]> {
  const out = await gitQuery(repoDir, ["ls-tree", "--name-only", sha]);
  return out.split("\n").filter(Boolean);
}

/** A small text file of the pushed tree (Procfile, package.json), or undefined when absent. */
export async function readTreeFile(repoDir: string, sha: string, file: string): Promise<string | undefined> {
  if (!(await treeHasFile(repoDir, sha, file))) return undefined;
  return gitQuery(repoDir, ["cat-file", "blob", `${sha}:${file}`]);
}

/** The git tree hash of a directory of the pushed commit ("." for the whole tree): same hash, same files. */
export async function treeHash(repoDir: string, sha: string, dir: string): Promise<string> {
  return (await gitQuery(repoDir, ["rev-parse", dir === "." ? `${sha}^{tree}` : `${sha}:${dir}`])).trim();
}
