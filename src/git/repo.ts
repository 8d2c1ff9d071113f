import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { runProgram } from "../system/run-program.js";

export function repoPath(settings: Settings, app: string): string {
  return path.join(settings.reposDir, `${app}.git`);
}

/** The bare repo for an app, created on first push, with our pre-receive hook (re)installed. */
export async function ensureRepo(settings: Settings, app: string): Promise<string> {
  const dir = repoPath(settings, app);
  if (!fs.existsSync(path.join(dir, "HEAD"))) {
    const res = await runProgram(["git", "init", "--quiet", "--bare", dir]);
    if (res.code !== 0) throw new SlipwayError("repo", `could not create the repository for ${app}: ${res.stderr.trim()}`);
  }
  installHook(settings, dir, app);
  return dir;
}

/**
 * Building in pre-receive, not post-receive, is what lets a failed build reject the push:
 * git updates the ref only if this hook exits 0.
 */
function installHook(settings: Settings, dir: string, app: string): void {
  const hook = path.join(dir, "hooks", "pre-receive");
  const text = `#!/bin/sh\n# Installed by Slipway on every push; edits are overwritten.\nexec ${settings.slipwayBin} hook:pre-receive ${app}\n`;
  if (fs.existsSync(hook) && fs.readFileSync(hook, "utf8") === text) return;
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  fs.writeFileSync(`${hook}.tmp`, text, { mode: 0o755 });
  fs.renameSync(`${hook}.tmp`, hook);
}

/** Make clones check out the deploy branch. */
export async function setRepoHead(dir: string, branch: string): Promise<void> {
  await runProgram(["git", "symbolic-ref", "HEAD", `refs/heads/${branch}`], { cwd: dir });
}
