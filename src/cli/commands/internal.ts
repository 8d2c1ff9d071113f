import fs from "node:fs";
import { ensureBaseConfig } from "../../proxy/install-vhost.js";
import { paths } from "../../state/paths.js";
import { loadSettings, saveSettings } from "../../state/settings.js";
import { setGlobalDomain } from "./domains.js";
import { parseAppName } from "../../state/app-name.js";
import { requireAccess, scopeFromFlags, type Caller } from "../../git/access-scope.js";
import { parseKeyName } from "../../git/authorized-keys.js";
import { handlePreReceive } from "../../git/pre-receive.js";
import { parseSshCommand } from "../../git/ssh-command.js";
import { serveGit } from "../../git/ssh-serve.js";
import { retireContainer } from "../../release/retire.js";
import { recoverAll } from "../../release/recover-interrupted.js";
import { say } from "../../output.js";
import { parseSupervisor } from "../../state/supervisor-name.js";
import { readStdin, type Command } from "../command.js";

type Dispatch = (argv: string[], caller: Caller) => Promise<number>;

/** Commands Slipway runs itself: from authorized_keys, from git hooks, and in the background. */
export function internalCommands(
  dispatchRemote: Dispatch, remoteNames: () => Set<string>, isRemoteTypo: (verb: string) => boolean,
): Command[] {
  return [
    {
      name: "ssh-serve",
      usage: "ssh-serve KEYNAME [--apps APP,...]",
      summary: "the forced command of every key; without --apps (as before scopes) it is an admin key",
      remote: false,
      hidden: true,
      flags: { apps: { type: "string" } },
      async run({ args, flags, settings }) {
        const key = parseKeyName(args[0] ?? "");
        const caller: Caller = { kind: "key", name: key, scope: scopeFromFlags(flags, "", "admin") };
        const req = parseSshCommand(process.env.SSH_ORIGINAL_COMMAND, remoteNames(), isRemoteTypo);
        if (req.kind === "git") {
          requireAccess(caller, req.app); // before the repo is created or read
          return serveGit(settings, req, key);
        }
        return dispatchRemote(req.argv, caller);
      },
    },
    {
      name: "hook:pre-receive",
      usage: "hook:pre-receive APP",
      summary: "git's pre-receive hook: build and deploy",
      remote: false,
      hidden: true,
      appMayBeMissing: true,
      async run({ args, settings, pusher }) {
        await handlePreReceive(settings, parseAppName(args[0] ?? ""), await readStdin(), pusher);
      },
    },
    {
      name: "internal:setup",
      usage: "internal:setup [--domain DOMAIN] [--supervisor docker|systemd|upstart]",
      summary: "write settings and nginx's base config (run by configure-system.sh)",
      remote: false,
      hidden: true,
      flags: { domain: { type: "string" }, supervisor: { type: "string" } },
      async run({ flags, settings }) {
        // The supervisor is picked once, on the first run: switching a live server's is a deliberate edit.
        if (!fs.existsSync(paths.settings())) saveSettings({ ...settings, supervisor: parseSupervisor(flags.supervisor ?? settings.supervisor) });
        if (typeof flags.domain === "string") await setGlobalDomain(settings, flags.domain);
        await ensureBaseConfig(loadSettings());
      },
    },
    {
      name: "internal:retire",
      usage: "internal:retire APP CONTAINER",
      summary: "drain and remove a replaced container",
      remote: false,
      hidden: true,
      appMayBeMissing: true,
      async run({ args, settings }) {
        await retireContainer(settings, parseAppName(args[0] ?? ""), args[1] ?? "");
      },
    },
    {
      name: "internal:recover",
      usage: "internal:recover",
      summary: "undo deploys interrupted by a crash or reboot (run at host start by configure-system.sh)",
      remote: false,
      hidden: true,
      async run({ settings }) {
        const { recovered, failed } = await recoverAll(settings);
        say.step(recovered.length ? `Recovered ${recovered.join(", ")}` : "No interrupted deploys");
        return failed.length ? 1 : 0;
      },
    },
  ];
}
