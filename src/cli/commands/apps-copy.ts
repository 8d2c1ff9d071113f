import { usageError } from "../../errors.js";
import { requireAccess } from "../../git/access-scope.js";
import { ensureRepo } from "../../git/repo.js";
import { cloneApp } from "../../release/clone-app.js";
import { renameApp } from "../../release/rename-app.js";
import { withAppLock } from "../../state/app-lock.js";
import { parseAppName } from "../../state/app-name.js";
import type { Settings } from "../../state/settings.js";
import { arg, command, type Command, type CommandContext } from "../command.js";

const TWO_APPS = [arg("OLD", parseAppName), arg("NEW", parseAppName)];

export const appsCopyCommands: Command[] = [
  command({
    usage: "apps:rename OLD NEW",
    summary:
      "rename an app; its repo, config, releases, domains, certs, auth and data move, custom domains answering throughout",
    remote: true,
    scope: { app: 0 },
    args: TWO_APPS,
    async run(ctx) {
      const [from, to] = twoApps(ctx, "apps:rename");
      await withBothLocks(ctx.settings, from, to, async () => {
        await renameApp(ctx.settings, from, to, ctx.pusher);
        await ensureRepo(ctx.settings, to); // the copied hook still names OLD
      });
    },
  }),
  command({
    usage: "apps:clone OLD NEW [--with-volumes]",
    summary:
      "a new app running OLD's live release with its config and auth; empty volumes unless --with-volumes",
    remote: true,
    scope: { app: 0 },
    flags: { "with-volumes": { type: "boolean" } },
    args: TWO_APPS,
    async run(ctx) {
      const [from, to] = twoApps(ctx, "apps:clone");
      const volumes = !!ctx.flags["with-volumes"];
      await withBothLocks(ctx.settings, from, to, async () => {
        await cloneApp(ctx.settings, from, to, { volumes, pusher: ctx.pusher });
        await ensureRepo(ctx.settings, to);
      });
    },
  }),
];

/** OLD and NEW, both valid names the caller may use (the table's scope checks OLD only). */
function twoApps({ args, caller }: CommandContext, name: string): [string, string] {
  const [from, to] = args;
  if (from === to) throw usageError(`${name} needs two different names`, `slipway ${name} ${from} ${from}-2`);
  requireAccess(caller, to);
  return [from, to];
}

/**
 * Both apps' locks, in name order so two opposite renames cannot deadlock; briefly, so an app
 * in the middle of a deploy is refused rather than waited for.
 */
function withBothLocks<T>(settings: Settings, a: string, b: string, fn: () => Promise<T>): Promise<T> {
  const [first, second] = [a, b].sort();
  return withAppLock(settings, first, () => withAppLock(settings, second, fn, { brief: true }), {
    brief: true,
  });
}
