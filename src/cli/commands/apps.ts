import fs from "node:fs";
import readline from "node:readline/promises";
import { SlipwayError, usageError } from "../../errors.js";
import { visibleApps } from "../../git/access-scope.js";
import { ensureRepo } from "../../git/repo.js";
import { destroyApp } from "../../release/destroy-app.js";
import { destroyAllPreviews } from "../../release/previews/prune-previews.js";
import { withAppLock } from "../../state/app-lock.js";
import { listApps, loadApp, loadOrCreateApp, saveApp } from "../../state/app-state.js";
import { appSummary } from "../../state/app-summary.js";
import { paths, repoPath } from "../../state/paths.js";
import { say } from "../../output.js";
import { appCommand, command, type Command } from "../command.js";

export const appsCommands: Command[] = [
  command({
    usage: "apps:list [--json]",
    summary: "list apps with their live release and URL",
    remote: true,
    scope: "any",
    args: [],
    table: ["name", "release", "sha", "deployed", "url"],
    async run({ settings, caller }) {
      const rows = visibleApps(caller, listApps()).map((a) => appSummary(settings, a));
      return rows;
    },
  }),
  appCommand({
    usage: "apps:create APP",
    summary: "create an empty app, so config, domains and auth can be set before its first push",
    appMayBeMissing: true,
    lock: "app",
    async run({ args: [app], settings }) {
      if (loadApp(app))
        throw new SlipwayError("app-exists", `there is already an app named ${app}`, {
          hint: "see `apps:list`, or pick another name",
        });
      await ensureRepo(settings, app);
      saveApp(loadOrCreateApp(app));
      say.step(`Created ${app}; deploy it with: git push git@HOST:${app} master`);
    },
  }),
  appCommand({
    usage: "apps:destroy APP [--force] [--volumes] [--wait SECONDS]",
    summary:
      "remove an app: containers, images, network, vhost and repository; --volumes also deletes its data",
    flags: { force: { type: "boolean" }, volumes: { type: "boolean" }, wait: { type: "string" } },
    appMayBeMissing: true,
    async run({ args: [app], flags, settings, remote }) {
      // A repo or state left without an app record (by an older Slipway, say) can still be removed.
      const leftover =
        !loadApp(app) && (fs.existsSync(repoPath(settings, app)) || fs.existsSync(paths.appDir(app)));
      if (!loadApp(app) && !leftover)
        throw new SlipwayError("no-app", `there is no app named ${app}`, { hint: "see `apps:list`" });
      const wait = flags.wait === undefined ? 60 : Number(flags.wait);
      if (!Number.isInteger(wait) || wait < 1)
        throw usageError(
          `--wait must be a whole number of seconds, got ${flags.wait}`,
          `slipway apps:destroy ${app} --force --wait 5`,
        );
      if (!flags.force) await confirm(app, remote);
      const destroy = async () => {
        await destroyAllPreviews(settings, app); // its branch previews go with it (docs/previews.md)
        await destroyApp(settings, app, { volumes: !!flags.volumes });
      };
      await withAppLock(settings, app, destroy, { seconds: wait });
      if (leftover) say.step(`Removed what was left of ${app} (a repository or state, but no app)`);
      else
        say.step(
          `Destroyed ${app}${flags.volumes ? " and its volumes" : "; its volumes are kept (add --volumes to delete them)"}`,
        );
    },
  }),
];

/** Destroying loses data, so without --force a person must type the name. */
async function confirm(app: string, remote: boolean): Promise<void> {
  if (remote || !process.stdin.isTTY) {
    throw usageError(
      `apps:destroy needs confirmation, and there is no terminal to ask on`,
      `add --force: apps:destroy ${app} --force`,
    );
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(
    ` !     This removes ${app}'s containers, images and repository. Type the app name to confirm: `,
  );
  rl.close();
  if (answer.trim() !== app)
    throw new SlipwayError("not-confirmed", "names did not match; nothing was removed");
}
