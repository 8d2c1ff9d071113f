import { spawn } from "node:child_process";
import fs from "node:fs";
import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { withReceiveRepo } from "./receive-repo.js";
import { repoPath } from "../state/paths.js";
import type { SshRequest } from "./ssh-command.js";

/** Hand a git request to git's own pack program, with the pusher's key name for the hook to record. */
export async function serveGit(
  settings: Settings,
  req: Extract<SshRequest, { kind: "git" }>,
  keyName: string,
): Promise<number> {
  if (req.service === "git-receive-pack")
    return withReceiveRepo(settings, req.app, (dir) => runPack(req.service, dir, keyName));
  const dir = repoPath(settings, req.app);
  if (!fs.existsSync(dir)) {
    throw new SlipwayError("no-app", `there is no app named ${req.app}`, {
      hint: "push to it first, or check the name with `ssh <host> apps:list`",
    });
  }
  return runPack(req.service, dir, keyName);
}

function runPack(service: string, dir: string, keyName: string): Promise<number> {
  const child = spawn(service, [dir], { stdio: "inherit", env: { ...process.env, SLIPWAY_KEY: keyName } });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
