import { usageError } from "../../errors.js";
import { enterService } from "../../release/enter-service.js";
import { liveRelease } from "../../release/live-service-spec.js";
import { chooseStdin } from "../../engine/one-off-container.js";
import { runOneOff, startDetached } from "../../release/run-one-off.js";
import { routedService } from "../../template/template.js";
import { appCommand, type Command, type Flags } from "../command.js";
import { say } from "../../output.js";

export const runCommands: Command[] = [
  appCommand({
    usage: "run APP [--service S] [-t] CMD...",
    summary: "run a command in a one-off container with the app's image, env and network",
    commandTail: true,
    flags: { service: { type: "string", short: "s" }, tty: { type: "boolean", short: "t" } },
    async run({ args, flags, settings }) {
      const { app, service, cmd } = oneOffArgs("run", args, flags);
      return runOneOff(settings, { app, service, kind: "run", cmd, stdin: terminalOrPipe(!!flags.tty) });
    },
  }),
  appCommand({
    usage: "run:detached APP [--service S] CMD...",
    summary: "start a one-off container in the background and print its name; it is removed when it exits",
    commandTail: true,
    flags: { service: { type: "string", short: "s" } },
    async run({ args, flags, settings }) {
      const { app, service, cmd } = oneOffArgs("run:detached", args, flags);
      const started = await startDetached(settings, { app, service, kind: "detached", cmd });
      if (typeof started === "number") return started;
      process.stdout.write(`${started}\n`);
    },
  }),
  appCommand({
    usage: "enter APP [SERVICE] [-t] [CMD...]",
    summary: "run a command (default sh) inside a running container of a service (default the routed one)",
    commandTail: true,
    flags: { tty: { type: "boolean", short: "t" } },
    async run({ args, flags, settings }) {
      const app = args[0];
      const release = liveRelease(app);
      const named = args[1] !== undefined && release.services[args[1]] !== undefined;
      const service = named ? args[1] : (routedService(release.template) ?? "web");
      let cmd = args.slice(named ? 2 : 1);
      const tty = !!flags.tty || cmd[0] === "-t" || cmd[0] === "--tty"; // `enter APP web -t sh`
      if (cmd[0] === "-t" || cmd[0] === "--tty") cmd = cmd.slice(1);
      // `enter` with no command is a shell, which wants a terminal as `ssh -t` gives.
      const stdin = terminalOrPipe(tty || (!cmd.length && !!process.stdin.isTTY));
      return enterService(settings, { app, service, cmd: cmd.length ? cmd : ["sh"], stdin });
    },
  }),
];

function oneOffArgs(
  name: string,
  args: string[],
  flags: Flags,
): { app: string; service: string; cmd: string[] } {
  const [app, ...cmd] = args;
  const example = `slipway ${name} ${app} env   (or: slipway run ${app} -t sh)`;
  if (!cmd.length) throw usageError(`${name} needs a command`, example);
  const release = liveRelease(app);
  const service =
    typeof flags.service === "string" ? flags.service : (routedService(release.template) ?? "web");
  return { app, service, cmd };
}

/** -t without a terminal (ssh without -t) cannot give one: say so, and pipe the input instead. */
function terminalOrPipe(tty: boolean): ReturnType<typeof chooseStdin> {
  const terminal = !!process.stdin.isTTY;
  if (tty && !terminal) say.warn("-t: no terminal here (use `ssh -t`), so the command runs without one");
  return chooseStdin(tty, terminal);
}
