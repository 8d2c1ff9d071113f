import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { SlipwayError } from "../errors.js";

/**
 * The pushed tree as a tar stream. Spawned directly rather than through simple-git, which
 * buffers output as a string and would corrupt binary files. The child inherits our env,
 * so inside pre-receive it sees the quarantined objects (GIT_QUARANTINE_PATH and friends).
 */
export function archiveTree(repoDir: string, sha: string): { tar: Readable; done: Promise<void> } {
  const child = spawn("git", ["archive", "--format=tar", sha], { cwd: repoDir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new SlipwayError("archive", `git archive of ${sha} failed: ${stderr.trim()}`)),
    );
  });
  return { tar: child.stdout, done };
}

/** True when the pushed tree has this file at its top level. */
export async function treeHasFile(repoDir: string, sha: string, file: string): Promise<boolean> {
  const child = spawn("git", ["cat-file", "-e", `${sha}:${file}`], { cwd: repoDir, stdio: "ignore" });
  return new Promise((resolve) => child.once("close", (code) => resolve(code === 0)));
}

/** A file of the pushed tree as text, or undefined when the tree has no such file. */
export async function readTreeFile(repoDir: string, sha: string, file: string): Promise<string | undefined> {
  if (!(await treeHasFile(repoDir, sha, file))) return undefined;
  const child = spawn("git", ["cat-file", "blob", `${sha}:${file}`], { cwd: repoDir, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new SlipwayError("archive", `could not read ${file} from ${sha}`);
  return Buffer.concat(chunks).toString("utf8");
}
