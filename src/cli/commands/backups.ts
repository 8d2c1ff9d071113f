import { usageError } from "../../errors.js";
import { say } from "../../output.js";
import { listManifests } from "../../backup/manifest.js";
import { loadTarget, requireTarget, restic } from "../../backup/restic.js";
import { restoreAll } from "../../backup/restore-all.js";
import { restoreApp } from "../../backup/restore-app.js";
import { runBackups } from "../../backup/run-backups.js";
import { setTarget } from "../../backup/set-target.js";
import { mayAccess, requireAccess, requireAdmin } from "../../git/access-scope.js";
import { withAppLock } from "../../state/app-lock.js";
import { parseAppName } from "../../state/app-name.js";
import { readBackupStatus } from "../../state/backup-status.js";
import { APP, arg, command, optional, readStdin, type Command } from "../command.js";

export const backupsCommands: Command[] = [
  command({
    usage: "backups:target URL [--existing]",
    summary:
      "back up to a restic repository (a path, sftp:, s3: or rest:): made here with a password shown once, or --existing with its password on stdin",
    remote: true,
    scope: "admin",
    flags: { existing: { type: "boolean" } },
    args: [arg("URL")],
    async run({ args: [url], flags }) {
      const password = flags.existing ? await readStdin(4096, "the repository password") : undefined;
      if (flags.existing && !password?.trim())
        throw usageError(
          "--existing reads the repository's password on stdin",
          "slipway backups:target URL --existing < password",
        );
      await setTarget(url, password);
    },
  }),
  command({
    usage: "backups:run [APP]",
    summary:
      "back up one app now, or every app and the server's state (then prune past the retention settings)",
    remote: true,
    scope: { app: 0, optional: true },
    flags: { scheduled: { type: "boolean" } },
    args: [optional(APP)],
    async run({ args: [app], flags, settings, caller }) {
      if (!app) requireAdmin(caller, "backups:run with no app");
      if (flags.scheduled && !loadTarget()) {
        say.step("No backup target is set (backups:target): nothing to do");
        return;
      }
      await runBackups(settings, app);
    },
  }),
  command({
    usage: "backups:list [APP] [--json]",
    summary: "backups in the target, oldest first: one row per app per run, `server` for the server's state",
    remote: true,
    scope: { app: 0, optional: true },
    args: [optional(APP)],
    table: ["run", "app", "snapshot", "time"],
    async run({ args: [app], caller }) {
      const refs = await listManifests(requireTarget(), app);
      const visible = refs.filter((r) =>
        r.app === "server" ? caller.scope === "admin" : mayAccess(caller.scope, r.app),
      );
      return visible.map((r) => ({ ...r }));
    },
  }),
  command({
    usage: "backups:check",
    summary: "check the target's repository with restic and show the last run's outcome",
    remote: true,
    scope: "admin",
    args: [],
    async run() {
      const target = requireTarget();
      await restic(target, ["check"], "check the repository");
      const status = readBackupStatus();
      say.step(`The ${target.scheme} repository is sound`);
      say.info(
        `last success: ${status?.lastSuccessAt ?? "never"}\nlast failure: ${status?.lastFailureAt ?? "never"}`,
      );
      if (status?.lastError && status.lastFailureAt! > (status.lastSuccessAt ?? ""))
        say.warn(status.lastError);
    },
  }),
  command({
    usage: "backups:restore [APP] [SNAPSHOT] [--as NEWAPP] [--all]",
    summary:
      "bring an app back from its newest backup (or SNAPSHOT): state, repository, images, volumes or dumps, then start it; --all restores every app on a new server",
    remote: true,
    scope: { app: 0, optional: true },
    flags: { as: { type: "string" }, all: { type: "boolean" } },
    args: [optional(APP), optional(arg("SNAPSHOT"))],
    appMayBeMissing: true,
    async run({ args: [app, snapshot], flags, settings, caller, pusher }) {
      const target = requireTarget();
      if (flags.all) {
        if (app) throw usageError("--all restores every app; name none", "slipway backups:restore --all");
        requireAdmin(caller, "backups:restore --all");
        return restoreAll(settings, target, pusher);
      }
      if (!app)
        throw usageError(
          "name the app to restore, or give --all",
          "slipway backups:restore APP [SNAPSHOT] [--as NEWAPP]",
        );
      const to = typeof flags.as === "string" ? parseAppName(flags.as) : app;
      requireAccess(caller, to);
      await withAppLock(settings, to, () =>
        restoreApp(settings, target, { from: app, snapshot, to, pusher }),
      );
    },
  }),
];
