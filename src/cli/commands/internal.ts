import fs from "node:fs";
import { ensureBaseConfig } from "../../proxy/install-vhost.js";
import { paths } from "../../state/paths.js";
import { loadSettings, saveSettings } from "../../state/settings.js";
import { setGlobalDomain } from "./domains.js";
import { requireAccess, scopeFromFlags, type Caller } from "../../git/access-scope.js";
import { parseKeyName } from "../../git/authorized-keys.js";
import { preReceive } from "../pre-receive-hook.js";
import { parseSshCommand } from "../../git/ssh-command.js";
import { serveGit } from "../../git/ssh-serve.js";
import { retireContainer } from "../../release/retire.js";
import { recoverAll } from "../../release/recover-interrupted.js";
import { migrateState } from "../../release/migrate-state.js";
import { STATE_VERSION } from "../../state/migrations/state-version.js";
import { say } from "../../output.js";
import { parseSupervisor } from "../../state/supervisor-name.js";
import { APP, arg, localCommand, type Command } from "../command.js";

type Dispatch = (argv: string[], caller: Caller) => Promise<number>;

/** Commands Slipway runs itself: from authorized_keys, from git hooks, and in the background. */
export function internalCommands(
  dispatchRemote: Dispatch,
  remoteNames: () => Set<string>,
  isRemoteTypo: (verb: string) => boolean,
): Command[] {
  return [
    localCommand({
      usage: "ssh-serve KEYNAME [--apps APP,...]",
      summary: "the forced command of every key; without --apps (as before scopes) it is an admin key",
      hidden: true,
      flags: { apps: { type: "string" } },
      args: [arg("KEYNAME", parseKeyName)],
      async run({ args: [key], flags, settings }) {
        const caller: Caller = { kind: "key", name: key, scope: scopeFromFlags(flags, "", "admin") };
        const req = parseSshCommand(process.env.SSH_ORIGINAL_COMMAND, remoteNames(), isRemoteTypo);
        if (req.kind === "git") {
          requireAccess(caller, req.app); // before the repo is created or read
          return serveGit(settings, req, caller);
        }
        return dispatchRemote(req.argv, caller);
      },
    }),
    localCommand({
      usage: "hook:pre-receive APP",
      summary: "git's pre-receive hook: build and deploy",
      hidden: true,
      appMayBeMissing: true,
      args: [APP],
      async run({ args: [app], settings }) {
        await preReceive(settings, app);
      },
    }),
    localCommand({
      usage: "internal:setup [--domain DOMAIN] [--supervisor docker|systemd|upstart]",
      summary: "write settings and nginx's base config (run by configure-system.sh)",
      hidden: true,
      flags: { domain: { type: "string" }, supervisor: { type: "string" } },
      args: [],
      async run({ flags, settings }) {
        // The supervisor is picked once, on the first run: switching a live server's is a deliberate edit.
        // A new server's state starts in this Slipway's format: nothing to migrate.
        if (!fs.existsSync(paths.settings()))
          saveSettings({
            ...settings,
            supervisor: parseSupervisor(flags.supervisor ?? settings.supervisor),
            stateVersion: STATE_VERSION,
          });
        if (typeof flags.domain === "string") await setGlobalDomain(settings, flags.domain);
        await ensureBaseConfig(loadSettings());
      },
    }),
    localCommand({
      usage: "internal:migrate [--check]",
      summary:
        "bring the state to this Slipway's format (run by configure-system.sh); --check only refuses newer",
      hidden: true,
      flags: { check: { type: "boolean" } },
      args: [],
      async run({ flags, settings }) {
        // Loading the settings already refused state newer than this Slipway.
        if (flags.check || !fs.existsSync(paths.settings())) return;
        const { from, to } = await migrateState(settings);
        say.step(from === to ? `State is at version ${to}` : `Migrated state from version ${from} to ${to}`);
      },
    }),
    localCommand({
      usage: "internal:retire APP CONTAINER",
      summary: "drain and remove a replaced container",
      hidden: true,
      appMayBeMissing: true,
      args: [APP, arg("CONTAINER")],
      async run({ args: [app, container], settings }) {
        await retireContainer(settings, app, container);
      },
    }),
    localCommand({
      usage: "internal:recover",
      summary: "undo deploys interrupted by a crash or reboot (run at host start by configure-system.sh)",
      hidden: true,
      args: [],
      async run({ settings }) {
        const { recovered, failed } = await recoverAll(settings);
        say.step(recovered.length ? `Recovered ${recovered.join(", ")}` : "No interrupted deploys");
        return failed.length ? 1 : 0;
      },
    }),
  ];
}
