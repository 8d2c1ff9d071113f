import { SlipwayError, usageError } from "../../errors.js";
import { parseAppName } from "../../git/app-name.js";
import { streamLogs } from "../../runtime/stream-logs.js";
import { loadApp } from "../../state/app-state.js";
import type { Command } from "../command.js";

export const logsCommands: Command[] = [
  {
    name: "logs",
    usage: "logs APP [-f] [-n LINES]",
    summary: "show the app's output; -f keeps following it",
    remote: true,
    flags: { follow: { type: "boolean", short: "f" }, lines: { type: "string", short: "n" } },
    async run({ args, flags }) {
      if (args.length !== 1) throw usageError("logs takes one APP", "slipway logs myapp -f");
      const app = parseAppName(args[0]);
      const tail = flags.lines === undefined ? 100 : Number(flags.lines);
      if (!Number.isInteger(tail) || tail < 0) throw usageError(`-n must be a whole number, got ${flags.lines}`, "slipway logs myapp -n 50");
      const current = loadApp(app)?.current;
      if (!current) throw new SlipwayError("not-deployed", `${app} has no running release`, { hint: `push to it first: git push <remote> master` });
      await streamLogs(current.containerId, { follow: !!flags.follow, tail });
    },
  },
];
