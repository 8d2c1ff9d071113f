import { SlipwayError, usageError } from "../../errors.js";
import { logSources } from "../../engine/log-sources.js";
import { streamLogs } from "../../engine/stream-logs.js";
import { loadApp } from "../../state/app-state.js";
import { appCommand, type Command } from "../command.js";

export const logsCommands: Command[] = [
  appCommand({
    usage: "logs APP [-f] [-n LINES] [--service S]",
    summary: "show the output of the app's services, merged; -f keeps following it",
    flags: { follow: { type: "boolean", short: "f" }, lines: { type: "string", short: "n" }, service: { type: "string", short: "s" } },
    async run({ args: [app], flags }) {
      const tail = flags.lines === undefined ? 100 : Number(flags.lines);
      if (!Number.isInteger(tail) || tail < 0) throw usageError(`-n must be a whole number, got ${flags.lines}`, "slipway logs myapp -n 50");
      const current = loadApp(app)?.current;
      if (!current) throw new SlipwayError("not-deployed", `${app} has no running release`, { hint: `push to it first: git push <remote> master` });
      const service = flags.service as string | undefined;
      const sources = logSources(current, service);
      if (!sources.length) throw new SlipwayError("no-service", `${app} has no running service named ${service}`, { hint: `its services: ${Object.keys(current.services).join(", ")}` });
      await streamLogs(sources, { follow: !!flags.follow, tail });
    },
  }),
];
