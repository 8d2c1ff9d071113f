import { spawn } from "node:child_process";
import os from "node:os";
import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { runProgram } from "../system/run-program.js";
import {
  DEFAULT_REMOTE,
  commandWords,
  parseClientCall,
  wantsTerminal,
  type ClientCall,
} from "./client-call.js";
import { printClientHelp, printClientVersion } from "./client-help.js";
import { isRemote, parseRemoteUrl, type SshRemote } from "./remote-url.js";
import { sshArgv, sshWords, type SshProgram } from "./ssh-call.js";

/** Send one command line to the server the git remote names, for its app; answer with ssh's exit code. */
export async function runClient(argv: string[]): Promise<number> {
  const call = parseClientCall(argv);
  const name = call.words[0];
  if (name === "version" || name === "--version") return printClientVersion();
  const found = await findRemote(call.remote).catch((err: unknown) => err);
  if (name === "help" || name === "--help" || name === "-h") {
    printClientHelp(call.remote, found);
    if (!isRemote(found)) return 0;
  }
  if (!isRemote(found)) throw found;
  const remote = found;
  const words = commandWords(call.words, call.app ?? remote.app);
  const ssh = sshWords(await sshProgram());
  const code = await runSsh(sshArgv(ssh, remote, words, wantsTerminal(call.words)));
  // 255 is ssh's own failure (no connection, no login); Slipway's exit codes are small.
  if (code === 255)
    say.warn(`ssh to ${remote.destination} failed; check git remote ${call.remote}'s URL and your key`);
  return code;
}

/** The remote's URL as git resolves it (insteadOf rules included), read as an SSH destination and app. */
async function findRemote(name: ClientCall["remote"]): Promise<SshRemote> {
  const res = await git(["remote", "get-url", "--", name]);
  if (res.code === 0) return parseRemoteUrl(name, res.stdout.trim());
  if (/not a git repository/i.test(res.stderr)) {
    const what = `this is not a git repository, so there is no remote ${name} to send the command to`;
    throw new SlipwayError("no-remote", what, {
      hint: "run slipway in your app's repository, where `git remote add slipway git@HOST:APP` points at it",
    });
  }
  throw new SlipwayError("no-remote", `this repository has no git remote named ${name}`, {
    hint:
      name === DEFAULT_REMOTE
        ? `add one: git remote add ${name} git@HOST:APP (or pick another with --remote NAME)`
        : "see `git remote -v` for the remotes it has",
  });
}

/** As git does: SLIPWAY_SSH first (ours), then GIT_SSH_COMMAND, then the repository's core.sshCommand. */
async function sshProgram(): Promise<SshProgram | undefined> {
  for (const from of ["SLIPWAY_SSH", "GIT_SSH_COMMAND"]) {
    const command = process.env[from];
    if (command) return { from, command };
  }
  const res = await git(["config", "--get", "core.sshCommand"]);
  return res.code === 0 && res.stdout.trim()
    ? { from: "core.sshCommand", command: res.stdout.trim() }
    : undefined;
}

function git(args: string[]) {
  return runProgram(["git", ...args]).catch((err) => {
    const hint = "install git: the client reads the remote from it";
    throw new SlipwayError("no-git", "git is not installed (or not on PATH)", { hint, cause: err });
  });
}

/** ssh owns the terminal and stdin until it ends; Ctrl-C reaches it directly, so we wait for its code. */
function runSsh(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const ignore = () => {};
    process.on("SIGINT", ignore).on("SIGTERM", forward).on("SIGHUP", forward);
    child.once("error", (err) => {
      const hint = "install an OpenSSH client, or point SLIPWAY_SSH at one";
      reject(new SlipwayError("no-ssh", `could not run ${argv[0]}: ${err.message}`, { hint, cause: err }));
    });
    child.once("exit", (code, signal) => {
      process.off("SIGINT", ignore).off("SIGTERM", forward).off("SIGHUP", forward);
      resolve(code ?? 128 + (os.constants.signals[signal ?? "SIGTERM"] ?? 15));
    });
  });
}
