import { SlipwayError, usageError } from "../../errors.js";
import { followAppLogs } from "../../engine/follow-app-logs.js";
import { logSources } from "../../engine/log-sources.js";
import { streamLogs, type LogLine } from "../../engine/stream-logs.js";
import { recentServiceLines } from "../../engine/swarm/recent-service-logs.js";
import { loadApp, type Release } from "../../state/app-state.js";
import { loadCronRun } from "../../state/cron-runs.js";
import { appCommand, type Command } from "../command.js";

export const logsCommands: Command[] = [
  appCommand({
    usage: "logs APP [-f|-t|--tail] [-n|--num LINES] [--service S]",
    summary:
      "show the output of the app's services, merged; -f keeps following it across deploys and restarts",
    flags: {
      follow: { type: "boolean", short: "f" },
      // Dokku's and Heroku's spellings: -t/--tail follows (as `heroku logs --tail`), --num counts lines.
      tail: { type: "boolean", short: "t" },
      lines: { type: "string", short: "n" },
      num: { type: "string" },
      service: { type: "string", short: "s" },
    },
    async run({ args: [app], flags, settings }) {
      const lines = flags.lines ?? flags.num;
      const tail = lines === undefined ? 100 : Number(lines);
      if (!Number.isInteger(tail) || tail < 0)
        throw usageError(`-n must be a whole number, got ${lines}`, "slipway logs myapp -n 50");
      const current = loadApp(app)?.current;
      if (!current)
        throw new SlipwayError("not-deployed", `${app} has no running release`, {
          hint: `push to it first: git push <remote> master`,
        });
      const service = flags.service as string | undefined;
      const sources = logSources(current, service);
      const onSwarm = Object.entries(current.services).some(
        ([n, s]) => s.swarm && (!service || n === service),
      );
      if (!sources.length && !onSwarm)
        throw new SlipwayError("no-service", `${app} has no running service named ${service}`, {
          hint: `its services: ${Object.keys(current.services).join(", ")}`,
        });
      if (flags.follow || flags.tail) return followAppLogs(settings, app, { tail, service });
      // Swarm tasks' output comes through the service logs, from every node.
      const swarm = onSwarm ? await recentServiceLines(settings, app, { tail, service }) : [];
      await streamLogs(sources, { tail, kept: [...cronLines(app, current, tail, service), ...swarm] });
    },
  }),
];

/** The kept output of the app's cron runs (their containers are removed when they end), `cron:ID |`. */
function cronLines(app: string, release: Release, tail: number, service?: string): LogLine[] {
  return release.template.cron
    .filter((job) => !service || job.service === service)
    .flatMap((job) =>
      (loadCronRun(app, job.id)?.lines ?? [])
        .slice(tail ? -tail : Infinity)
        .map((l) => ({ ...l, prefix: `cron:${job.id}` })),
    );
}
