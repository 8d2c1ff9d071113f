#!/usr/bin/env node
// The `slipway` command: the server's CLI on a Slipway server, a client of one anywhere else (docs/client.md).
// Deciding before loading the server CLI keeps the client quick: it never loads Docker's client code.
import { printError } from "../print-error.js";
import { SlipwayError } from "../errors.js";
import { isClientMode, isSlipwayServer } from "./client-mode.js";
import { runClient } from "./run-client.js";
import { isSshGitRequest } from "../cli/ssh-git-request.js";
import { isPreReceiveHook, preReceiveModule } from "../cli/hook-request.js";

const argv = process.argv.slice(2);
if (isClientMode(argv, process.env, isSlipwayServer)) {
  try {
    process.exitCode = await runClient(argv);
  } catch (err) {
    printError(err, false);
    process.exitCode = err instanceof SlipwayError ? err.exitCode : 1;
  }
} else if (isPreReceiveHook(argv)) {
  const hook = (await import(preReceiveModule())) as typeof import("../cli/pre-receive-hook.js");
  await hook.runPreReceiveHook(argv);
} else if (isSshGitRequest(argv, process.env)) {
  process.exitCode = await (await import("../cli/serve-ssh-git.js")).serveSshGit(argv);
} else {
  await import("../cli/main.js");
}
