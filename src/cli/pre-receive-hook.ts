import { scopeFromEnv } from "../git/access-scope.js";
import { handlePreReceive } from "../git/pre-receive.js";
import { parseAppName } from "../state/app-name.js";
import { loadSettings, type Settings } from "../state/settings.js";
import { readStdin } from "./command.js";
import { runEntry } from "./run-entry.js";

/**
 * `hook:pre-receive APP` without the command table: every push starts this process, and loading
 * every command's modules cost it about 0.04 s. It runs as main.ts would run the same line.
 */
export async function runPreReceiveHook(argv: string[]): Promise<void> {
  await runEntry(argv, async ([, app]) => {
    await preReceive(loadSettings(), parseAppName(app));
    return 0;
  });
}

/**
 * The hook's work, whichever way it was started: the ref updates on stdin, and who pushes from
 * the environment ssh-serve or slipwayd gave git. Without a scope handed down (a push on the
 * server itself), only the app's own images may be used.
 */
export async function preReceive(settings: Settings, app: string): Promise<void> {
  const scope = scopeFromEnv(process.env, { apps: [app] });
  await handlePreReceive(settings, app, await readStdin(), process.env.SLIPWAY_KEY, scope);
}
