import { spawn } from "node:child_process";
import fs from "node:fs";
import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { withReceiveRepo } from "./receive-repo.js";
import { repoPath } from "../state/paths.js";
import type { SshRequest } from "./ssh-command.js";
import { scopeEnv, type Caller } from "./access-scope.js";

/** Hand a git request to git's own pack program, with the pusher's key name and scope for the hook. */
export async function serveGit(
  settings: Settings,
  req: Extract<SshRequest, { kind: "git" }>,
  caller: Caller,
): Promise<number> {
  if (req.service === "git-receive-pack")
    return withReceiveRepo(settings, req.app, (dir) => runPack(req.service, dir, caller));
  const dir = repoPath(settings, req.app);
  if (!fs.existsSync(dir)) {
    throw new SlipwayError("no-app", `there is no app named ${req.app}`, {
      hint: "push to it first, or check the name with `ssh <host> apps:list`",
    });
  }
  return runPack(req.service, dir, caller);
}

function runPack(service: string, dir: string, caller: Caller): Promise<number> {
  const env = { ...process.env, SLIPWAY_KEY: caller.name, ...scopeEnv(caller.scope) };
  const child = spawn(service, [dir], { stdio: "inherit", env });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
