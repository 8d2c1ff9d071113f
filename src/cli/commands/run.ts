import { usageError } from "../../errors.js";
import { liveRelease } from "../../release/live-service-spec.js";
import { chooseStdin } from "../../engine/one-off-container.js";
import { runOneOff } from "../../release/run-one-off.js";
import { routedService } from "../../template/template.js";
import { appCommand, type Command } from "../command.js";

export const runCommands: Command[] = [
  appCommand({
    usage: "run APP [--service S] [-t] CMD...",
    summary: "run a command in a one-off container with the app's image, env and network",
    commandTail: true,
    flags: { service: { type: "string", short: "s" }, tty: { type: "boolean", short: "t" } },
    async run({ args: [app, ...cmd], flags, settings }) {
      if (!cmd.length) throw usageError("run needs a command", `slipway run ${app} env   (or: slipway run ${app} -t sh)`);
      const release = liveRelease(app);
      const service = typeof flags.service === "string" ? flags.service : routedService(release.template) ?? "web";
      return runOneOff(settings, { app, service, kind: "run", cmd, stdin: chooseStdin(!!flags.tty, !!process.stdin.isTTY) });
    },
  }),
];
