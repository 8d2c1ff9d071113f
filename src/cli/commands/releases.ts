import { usageError } from "../../errors.js";
import { parseAppName } from "../../state/app-name.js";
import { rollback } from "../../release/rollback.js";
import { withAppSession } from "../../release/app-session.js";
import { listReleases, loadApp } from "../../state/app-state.js";
import { say } from "../../output.js";
import { printTable, type Command } from "../command.js";
import { printReleaseJson } from "../release-json.js";

export const releasesCommands: Command[] = [
  {
    name: "releases",
    usage: "releases APP [--json]",
    summary: "every release of the deployment, newest first",
    remote: true,
    scope: { app: 0 },
    flags: { json: { type: "boolean" } },
    async run({ args, flags }) {
      const app = parseAppName(args[0] ?? "");
      const current = loadApp(app)?.current?.number;
      const rows = listReleases(app).map((r) => ({
        release: r.number, live: r.number === current, sha: r.sha?.slice(0, 7), cause: r.cause, by: r.pushedBy, deployed: r.deployedAt,
        config: r.config.hash, images: Object.values(r.images).join(","),
      }));
      // Scripts get "live": true|false; people get a star.
      const shown = flags.json ? rows : rows.map((r) => ({ ...r, live: r.live ? "*" : "" }));
      printTable(shown, ["release", "live", "sha", "cause", "by", "deployed", "config"], !!flags.json);
    },
  },
  {
    name: "rollback",
    usage: "rollback APP [RELEASE] [--json]",
    summary: "redeploy an earlier release's images and template (default: the one before the live one)",
    remote: true,
    scope: { app: 0 },
    flags: { json: { type: "boolean" } },
    async run({ args, flags, settings, pusher }) {
      if (args.length < 1 || args.length > 2) throw usageError("rollback takes APP and an optional RELEASE number", "slipway rollback myapp 12");
      const app = parseAppName(args[0]);
      const target = args[1] === undefined ? undefined : Number(args[1]);
      if (target !== undefined && !(Number.isInteger(target) && target > 0)) throw usageError(`${JSON.stringify(args[1])} is not a release number`, `see \`releases ${app}\``);
      const release = await withAppSession(settings, app, () => rollback(settings, app, pusher, target));
      say.step(`Rolled ${app} back: release ${release.number} runs what release ${release.cause.replace(/^rollback of /, "")} ran`);
      if (flags.json) printReleaseJson(app, release);
    },
  },
];

