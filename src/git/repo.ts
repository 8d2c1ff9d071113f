import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { repoPath } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { runProgram } from "../system/run-program.js";

/**
 * Read by `git archive` before the tree's own .gitattributes: a pushed `export-subst` can't expand
 * `$Format:` placeholders (the CVE-2022-41903 surface), and `export-ignore` can't hide files from a build.
 */
export const ARCHIVE_ATTRIBUTES =
  "# Written by Slipway on every push; edits are overwritten.\n* -export-subst -export-ignore\n";

/** The bare repo for an app, created by a push or apps:create; hardened and hooked on every push. */
export async function ensureRepo(settings: Settings, app: string): Promise<string> {
  const dir = repoPath(settings, app);
  if (!fs.existsSync(path.join(dir, "HEAD"))) {
    // 0700 before git writes anything into it: repos are private to the git user.
    fs.mkdirSync(dir, { mode: 0o700, recursive: true });
    const res = await runProgram(["git", "init", "--quiet", "--bare", dir]);
    if (res.code !== 0)
      throw new SlipwayError("repo", `could not create the repository for ${app}: ${res.stderr.trim()}`);
  }
  await hardenRepo(dir, app);
  installHook(settings, dir, app);
  return dir;
}

/** Private, every received object checked by fsck, and archives that expand nothing from .gitattributes. */
async function hardenRepo(dir: string, app: string): Promise<void> {
  if ((fs.statSync(dir).mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
  writeIfChanged(path.join(dir, "info", "attributes"), ARCHIVE_ATTRIBUTES, 0o644);
  const config = ["git", "config", "--file", path.join(dir, "config")];
  if ((await runProgram([...config, "--get", "receive.fsckObjects"])).stdout.trim() === "true") return;
  const set = await runProgram([...config, "receive.fsckObjects", "true"]);
  if (set.code !== 0)
    throw new SlipwayError("repo", `could not turn on fsck for ${app}'s repository: ${set.stderr.trim()}`);
}

/**
 * Building in pre-receive, not post-receive, is what lets a failed build reject the push:
 * git updates the ref only if this hook exits 0.
 */
function installHook(settings: Settings, dir: string, app: string): void {
  const text = `#!/bin/sh\n# Installed by Slipway on every push; edits are overwritten.\nexec ${settings.slipwayBin} hook:pre-receive ${app}\n`;
  writeIfChanged(path.join(dir, "hooks", "pre-receive"), text, 0o755);
}

function writeIfChanged(file: string, text: string, mode: number): void {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, text, { mode });
  fs.renameSync(`${file}.tmp`, file);
}

/** Make clones check out the deploy branch. */
export async function setRepoHead(dir: string, branch: string): Promise<void> {
  const res = await runProgram(["git", "--git-dir", dir, "symbolic-ref", "HEAD", `refs/heads/${branch}`]);
  if (res.code !== 0) {
    throw new SlipwayError(
      "repo",
      `could not point ${path.basename(dir)} at ${branch}: ${res.stderr.trim() || `git exited ${res.code}`}`,
      {
        hint: "check that the repository exists and is writable by the git user; nothing else was changed",
      },
    );
  }
}
