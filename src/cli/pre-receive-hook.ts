import { handlePreReceive } from "../git/pre-receive.js";
import { parseAppName } from "../state/app-name.js";
import { loadSettings } from "../state/settings.js";
import { readStdin } from "./command.js";
import { runEntry } from "./run-entry.js";

/**
 * `hook:pre-receive APP` without the command table: every push starts this process, and loading
 * every command's modules cost it about 0.04 s. It runs as main.ts would run the same line.
 */
export async function runPreReceiveHook(argv: string[]): Promise<void> {
  await runEntry(argv, async ([, app]) => {
    // A git hook learns its pusher from the environment ssh-serve or slipwayd gave git.
    await handlePreReceive(loadSettings(), parseAppName(app), await readStdin(), process.env.SLIPWAY_KEY);
    return 0;
  });
}
