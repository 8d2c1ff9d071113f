import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { withAppLock } from "../state/app-lock.js";
import { loadApp } from "../state/app-state.js";
import { paths, repoPath } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { runProgram } from "../system/run-program.js";
import { ensureRepo } from "./repo.js";

/**
 * Serve one receive-pack. A repo this call had to create is removed again when no ref arrived and
 * the app does not exist, so a connection that pushes nothing leaves no repo behind.
 */
export async function withReceiveRepo<T>(
  settings: Settings,
  app: string,
  serve: (dir: string) => Promise<T>,
): Promise<T> {
  const created = !fs.existsSync(path.join(repoPath(settings, app), "HEAD"));
  const dir = await ensureRepo(settings, app);
  try {
    return await serve(dir);
  } finally {
    if (created) await removeUnusedRepo(settings, app, dir).catch(() => undefined); // apps:destroy removes a leftover
  }
}

/**
 * Under the app lock, so a push that has just begun deploying keeps its repo. Briefly and quietly:
 * if someone holds the lock, the repo stays for them (or for apps:destroy).
 */
async function removeUnusedRepo(settings: Settings, app: string, dir: string): Promise<void> {
  await withAppLock(
    settings,
    app,
    async () => {
      if (loadApp(app)) return;
      const refs = await runProgram(["git", "--git-dir", dir, "for-each-ref", "--count=1"]);
      if (refs.code === 0 && refs.stdout.trim() === "") fs.rmSync(dir, { recursive: true, force: true });
    },
    { brief: true },
  );
}

/**
 * An empty `APP.git` in a scratch root outside the repos dir, for advertising refs of an app that
 * has no repo yet: the HTTP push that follows creates the real one, and a probe leaves nothing.
 */
export async function withEmptyRepo<T>(app: string, serve: (root: string) => Promise<T>): Promise<T> {
  fs.mkdirSync(paths.tmpDir(), { recursive: true });
  const root = fs.mkdtempSync(path.join(paths.tmpDir(), "empty-repo-"));
  try {
    const res = await runProgram(["git", "init", "--quiet", "--bare", path.join(root, `${app}.git`)]);
    if (res.code !== 0) throw new SlipwayError("repo", `could not answer for ${app}: ${res.stderr.trim()}`);
    return await serve(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
