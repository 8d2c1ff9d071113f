import { parseArgs } from "node:util";
import { SlipwayError } from "../errors.js";
import { printError } from "../print-error.js";
import { requireAccess, scopeFromFlags, type Caller } from "../git/access-scope.js";
import { parseKeyName } from "../git/authorized-keys.js";
import { parseSshCommand } from "../git/ssh-command.js";
import { serveGit } from "../git/ssh-serve.js";
import { loadSettings } from "../state/settings.js";
import { stateRoot } from "../state/paths.js";
import { diskFullError } from "../system/disk-full.js";

/**
 * The forced command's git half, as the ssh-serve command runs it, loading only git's modules: every
 * push starts this process, and the full CLI's command table costs it about 0.07 s of CPU.
 */
export async function serveSshGit(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { apps: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1)
      throw new SlipwayError("usage", "usage: ssh-serve KEYNAME [--apps APP,...]");
    const key = parseKeyName(positionals[0]);
    const caller: Caller = { kind: "key", name: key, scope: scopeFromFlags(values, "", "admin") };
    const req = parseSshCommand(process.env.SSH_ORIGINAL_COMMAND, new Set());
    if (req.kind !== "git") throw new SlipwayError("ssh-refused", "refused: not a git request");
    requireAccess(caller, req.app); // before the repo is created or read
    return await serveGit(loadSettings(), req, caller);
  } catch (err) {
    const shown = diskFullError(err, stateRoot()) ?? err; // as main.ts shows it
    printError(shown, false);
    return shown instanceof SlipwayError ? shown.exitCode : 1;
  }
}
