import { parseArgs } from "node:util";
import { LOCAL_CALLER, type Caller } from "../git/access-scope.js";
import { parseAppName } from "../state/app-name.js";
import { requireApp } from "../state/app-state.js";
import { loadSettings } from "../state/settings.js";
import { withAppSession } from "../release/app-session.js";
import { withAppLock } from "../state/app-lock.js";
import {
  existingAppArg,
  flagsOf,
  parsePositionals,
  printTable,
  splitCommandTail,
  type Command,
  type CommandContext,
  type Rows,
  type Table,
} from "./command.js";
import { authorizeCommand } from "./authorize-command.js";
import { editDistance } from "../template/closest-name.js";
import { commandHelpText, helpText, parseArgsError, unknownCommandError } from "./command-help.js";
import { publicCommands } from "./command-table.js";
import { internalCommands } from "./commands/internal.js";
import { runEntry } from "./run-entry.js";

const remoteNames = () =>
  new Set(["help", "version", ...publicCommands.filter((c) => c.remote).map((c) => c.name)]);
const commands: Command[] = [...publicCommands, ...internalCommands(dispatch, remoteNames, isRemoteTypo)];

/** Over SSH, a near miss of a remote command gets "did you mean"; a local-only command stays refused. */
function isRemoteTypo(verb: string): boolean {
  if (commands.some((c) => c.name === verb)) return false;
  return [...remoteNames()].some((name) => editDistance(verb, name) <= 2);
}

/** Run one command line; a key's caller (over SSH) limits it to remote commands within its scope. */
export async function dispatch(argv: string[], caller: Caller = LOCAL_CALLER): Promise<number> {
  const remote = caller.kind !== "local";
  const [name = "help", ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") return printHelp(remote);
  if (name === "version" || name === "--version") return printVersion();
  const command = commands.find((c) => c.name === name);
  if (!command || (remote && !command.remote))
    throw unknownCommandError(name, [...shownCommands(remote).map((c) => c.name), "help", "version"], remote);
  const [head, tail] = command.commandTail ? splitCommandTail(rest, command.flags) : [rest, []];
  if (head.includes("--help") || head.includes("-h")) {
    process.stdout.write(commandHelpText(command, remote));
    return 0;
  }
  const { positionals, values } = parseCommandLine(command, head);
  authorizeCommand(command, [...positionals, ...tail], caller);
  // Names that are not apps stay empty: no command stores config, domains or state for one.
  const app = existingAppArg(command, positionals);
  if (app !== undefined) requireApp(parseAppName(app));
  const args = [...parsePositionals(command, positionals), ...tail];
  // A git hook learns its pusher from the environment ssh-serve or slipwayd gave git: read here, at the boundary.
  const pusher = caller.kind === "local" ? process.env.SLIPWAY_KEY : caller.name;
  const result = await runLocked(command, {
    args,
    flags: values,
    settings: loadSettings(),
    remote,
    caller,
    pusher,
  });
  if (!command.table) return (result as number | void) ?? 0;
  const table = Array.isArray(result) ? { rows: result, columns: command.table } : (result as Table);
  printTable(table.rows, table.columns, !!values.json);
  return 0;
}

/** Under the lock of the app the first argument names, when the command declares one. */
function runLocked(command: Command, ctx: CommandContext): Promise<number | void | Rows | Table> {
  const run = () => command.run(ctx);
  if (command.lock === "app") return withAppLock(ctx.settings, ctx.args[0], run);
  if (command.lock === "session") return withAppSession(ctx.settings, ctx.args[0], run);
  return run();
}

function parseCommandLine(command: Command, rest: string[]) {
  try {
    const options: NonNullable<Command["flags"]> = { ...flagsOf(command), verbose: { type: "boolean" } };
    return parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw parseArgsError(err as Error, command);
  }
}

function shownCommands(remote: boolean): Command[] {
  return publicCommands.filter((c) => !c.hidden && (!remote || c.remote));
}

function printHelp(remote: boolean): number {
  process.stdout.write(helpText(shownCommands(remote), remote));
  return 0;
}

async function printVersion(): Promise<number> {
  const { createRequire } = await import("node:module");
  process.stdout.write(`slipway ${createRequire(import.meta.url)("../../package.json").version}\n`);
  return 0;
}

await runEntry(process.argv.slice(2), dispatch);
