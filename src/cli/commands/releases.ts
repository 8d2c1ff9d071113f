import { usageError } from "../../errors.js";
import { rollback } from "../../release/rollback.js";
import { listReleases, loadApp } from "../../state/app-state.js";
import { say } from "../../output.js";
import { appCommand, arg, optional, type Command } from "../command.js";
import { printReleaseJson } from "../release-json.js";
import { requirePushOutput } from "../../state/push-output.js";

export const releasesCommands: Command[] = [
  appCommand({
    usage: "releases APP [--json]",
    summary: "every release of the deployment, newest first",
    table: ["release", "live", "sha", "cause", "by", "deployed", "config"],
    async run({ args: [app], flags }) {
      const current = loadApp(app)?.current?.number;
      const rows = listReleases(app).map((r) => ({
        release: r.number,
        live: r.number === current,
        sha: r.sha?.slice(0, 7),
        cause: r.cause,
        by: r.pushedBy,
        deployed: r.deployedAt,
        config: r.config.hash,
        images: Object.values(r.images).join(","),
      }));
      // Scripts get "live": true|false; people get a star.
      return flags.json ? rows : rows.map((r) => ({ ...r, live: r.live ? "*" : "" }));
    },
  }),
  appCommand({
    usage: "rollback APP [RELEASE] [--json]",
    summary: "redeploy an earlier release's images and template (default: the one before the live one)",
    flags: { json: { type: "boolean" } },
    args: [optional(arg("RELEASE", parseReleaseNumber))],
    lock: "session",
    async run({ args: [app, number], flags, settings, pusher }) {
      const release = await rollback(
        settings,
        app,
        pusher,
        number === undefined ? undefined : Number(number),
      );
      say.step(
        `Rolled ${app} back: release ${release.number} runs what release ${release.cause.replace(/^rollback of /, "")} ran`,
      );
      if (flags.json) printReleaseJson(app, release);
    },
  }),
  appCommand({
    usage: "releases:output APP RELEASE",
    summary: "the build and deploy output of a push, failed ones too (the last 20 pushes are kept)",
    args: [arg("RELEASE", parseReleaseNumber)],
    async run({ args: [app, number] }) {
      process.stdout.write(requirePushOutput(app, Number(number)));
    },
  }),
];

function parseReleaseNumber(raw: string): string {
  const n = Number(raw);
  if (!(Number.isInteger(n) && n > 0))
    throw usageError(`${JSON.stringify(raw)} is not a release number`, "see `releases APP`");
  return raw;
}
