import { parseArgs } from "node:util";
import { SlipwayError, usageError } from "../errors.js";
import { loadSettings } from "../state/settings.js";
import { splitCommandTail, type Command } from "./command.js";
import { apiCommands } from "./commands/api.js";
import { appsCommands } from "./commands/apps.js";
import { configCommands } from "./commands/config.js";
import { cronCommands } from "./commands/cron.js";
import { deployCommands } from "./commands/deploy.js";
import { buildersCommands } from "./commands/builders.js";
import { authCommands } from "./commands/auth.js";
import { certsCommands } from "./commands/certs.js";
import { domainsCommands } from "./commands/domains.js";
import { gitCommands } from "./commands/git.js";
import { internalCommands } from "./commands/internal.js";
import { keysCommands } from "./commands/keys.js";
import { letsencryptCommands } from "./commands/letsencrypt.js";
import { logsCommands } from "./commands/logs.js";
import { psCommands } from "./commands/ps.js";
import { releasesCommands } from "./commands/releases.js";
import { runCommands } from "./commands/run.js";
import { supervisorCommands } from "./commands/supervisor.js";
import { tokensCommands } from "./commands/tokens.js";
import { printError } from "./print-error.js";

const publicCommands: Command[] = [
  ...appsCommands, ...deployCommands, ...configCommands, ...releasesCommands, ...psCommands, ...logsCommands, ...gitCommands, ...domainsCommands,
  ...certsCommands, ...letsencryptCommands, ...authCommands, ...keysCommands, ...tokensCommands, ...buildersCommands,
  ...runCommands, ...cronCommands, ...supervisorCommands, ...apiCommands,
];
const remoteNames = () => new Set(["help", ...publicCommands.filter((c) => c.remote).map((c) => c.name)]);
const commands: Command[] = [...publicCommands, ...internalCommands((argv) => dispatch(argv, true), remoteNames)];

/** Run one command line; `remote` limits it to what SSH users may do. */
export async function dispatch(argv: string[], remote: boolean): Promise<number> {
  const [name = "help", ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") return printHelp(remote);
  if (name === "version" || name === "--version") return printVersion();
  const command = commands.find((c) => c.name === name);
  if (!command || (remote && !command.remote)) {
    throw usageError(`unknown command ${JSON.stringify(name)}`, remote ? "run `ssh <host> help` to list commands" : "run `slipway help` to list commands");
  }
  const [head, tail] = command.commandTail ? splitCommandTail(rest, command.flags) : [rest, []];
  const { positionals, values } = parseCommandLine(command, head);
  const code = await command.run({ args: [...positionals, ...tail], flags: values, settings: loadSettings(), remote });
  return code ?? 0;
}

function parseCommandLine(command: Command, rest: string[]) {
  try {
    return parseArgs({ args: rest, options: { ...command.flags, verbose: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(`${(err as Error).message}`, `usage: ${command.usage}`);
  }
}

function printHelp(remote: boolean): number {
  const shown = publicCommands.filter((c) => !c.hidden && (!remote || c.remote));
  const width = Math.max(...shown.map((c) => c.usage.length));
  process.stdout.write(`Usage: ${remote ? "ssh git@HOST" : "slipway"} COMMAND [ARGS]\n\n`);
  for (const c of shown) process.stdout.write(`  ${c.usage.padEnd(width)}  ${c.summary}\n`);
  if (remote) process.stdout.write(`\nDeploy with: git push git@HOST:APP master\n`);
  return 0;
}

async function printVersion(): Promise<number> {
  const { createRequire } = await import("node:module");
  process.stdout.write(`slipway ${createRequire(import.meta.url)("../../package.json").version}\n`);
  return 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // `logs -f | head` or a dropped SSH connection: the reader is gone, so just stop.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => (err.code === "EPIPE" ? process.exit(0) : undefined));
  // Node exits quietly, with 0, if it runs out of work while a promise is still pending. For a
  // git hook that would accept a push that never deployed, so an unfinished run must fail.
  let finished = false;
  process.once("exit", () => {
    if (finished) return;
    process.stderr.write(" !     Slipway stopped before it finished (an internal wait never completed); nothing was changed by this step\n");
    process.exitCode = 70;
  });
  try {
    process.exitCode = await dispatch(argv, false);
  } catch (err) {
    const shown = permissionHint(err);
    printError(shown, argv.includes("--verbose"));
    process.exitCode = shown instanceof SlipwayError ? shown.exitCode : 1;
  }
  finished = true;
}

/** State belongs to the git user; any other user gets told how to get in, not a stack trace. */
function permissionHint(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e?.code !== "EACCES" && e?.code !== "EPERM") return err;
  return new SlipwayError("permission", `permission denied: ${e.path ?? e.message}`, {
    hint: "run Slipway as root (sudo slipway ...) or as the git user, who owns its state",
    cause: err,
  });
}

await main();
