import { SlipwayError, usageError } from "../errors.js";
import type { Caller } from "../git/access-scope.js";
import { parseAppName } from "../state/app-name.js";
import type { Settings } from "../state/settings.js";

export type Flags = Record<string, string | boolean | undefined>;

export interface CommandContext {
  args: string[];
  flags: Flags;
  settings: Settings;
  /** True when the command came in over SSH: no local terminal, no local-only commands. */
  remote: boolean;
  /** The key over SSH, or LOCAL_CALLER (admin) on the server; a listing shows only what it may see. */
  caller: Caller;
  /** The SSH key or API token a release made by this command is recorded as pushed by; none for a local user. */
  pusher: string | undefined;
}

/**
 * Who may run a remote command (authorizeCommand checks it before the command runs): admins only;
 * any caller (the command names no app, and a listing shows only the caller's apps); or a caller
 * whose scope holds the app named by positional argument `app` (which may be left out if `optional`).
 */
export type CommandScope = "admin" | "any" | { app: number; optional?: true };

/** A positional argument: its name as usage shows it, and the parser that checks it before the command runs. */
export interface Arg {
  name: string;
  /** Refuses a bad word with a usage error; returns it as the command sees it. */
  parse?: (raw: string) => string;
  /** May be left out; only trailing arguments are optional. */
  optional?: true;
  /** Takes every remaining word: at least one, or any number when also optional. */
  many?: true;
}

export const APP: Arg = { name: "APP", parse: parseAppName };
export const arg = (name: string, parse?: (raw: string) => string): Arg => ({ name, parse });
export const optional = (a: Arg): Arg => ({ ...a, optional: true });
export const many = (a: Arg): Arg => ({ ...a, many: true });

/** Rows a table command returns: printed as its declared columns, or as JSON with --json. */
export type Rows = Record<string, unknown>[];

/** Rows with columns of their own, for a table command whose output differs by its arguments. */
export interface Table {
  rows: Record<string, unknown>[];
  columns: string[];
}

/** Local-only commands are for whoever is on the server, who is admin; remote ones declare a scope. */
export type Command = CommandSpec & Scoping;
type Scoping = { remote: false; scope?: "admin" } | { remote: true; scope: CommandScope };

interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  hidden?: boolean;
  flags?: Record<string, { type: "string" | "boolean"; short?: string }>;
  /** Positional arguments: dispatch checks their count and parses each before run sees them. */
  args: Arg[];
  /** Dispatch holds the lock of the app the first argument names while run runs; a session first undoes an interrupted deploy. */
  lock?: "app" | "session";
  /** A table command declares its columns and returns its rows; --json prints them as JSON instead. */
  table?: string[];
  /**
   * A command whose usage starts with APP refuses a name that is not an app before it runs; true
   * for those that create an app (a deploy) or clean up after one.
   */
  appMayBeMissing?: boolean;
  /** Runs a command (`run APP CMD...`): everything from the second positional on is passed verbatim. */
  commandTail?: boolean;
  run(ctx: CommandContext): Promise<number | void | Rows | Table>;
}

/** A command named by the first word of its usage. */
export function command(spec: Omit<CommandSpec, "name"> & Scoping): Command {
  return { name: spec.usage.split(" ")[0], ...spec } as Command;
}

/** A command for whoever is on the server (an admin): never run over SSH or the API. */
export function localCommand(spec: Omit<CommandSpec, "name">): Command {
  return command({ remote: false, ...spec });
}

/**
 * A remote command on one app, named by its first argument: keys whose scope holds the app may run it.
 * `args` are the ones after APP.
 */
export function appCommand(
  spec: Omit<CommandSpec, "name" | "args"> & { args?: Arg[]; scope?: CommandScope },
): Command {
  return command({ remote: true, scope: { app: 0 }, ...spec, args: [APP, ...(spec.args ?? [])] });
}

/** A command's options: its own, and --json for a table command. */
export function flagsOf(command: Command): NonNullable<Command["flags"]> {
  return command.table ? { ...command.flags, json: { type: "boolean" } } : (command.flags ?? {});
}

/** The app a command names, when its first argument is a required APP and the app must exist. */
export function existingAppArg(command: Command, positionals: string[]): string | undefined {
  const first = command.args[0];
  if (command.appMayBeMissing || first?.name !== APP.name || first.optional || positionals[0] === undefined)
    return undefined;
  return positionals[0];
}

/** Check the count of positional words against the declared arguments, then parse each with its parser. */
export function parsePositionals(command: Command, words: string[]): string[] {
  const { args } = command;
  const min = args.filter((a) => !a.optional).length;
  const max = args.at(-1)?.many ? Infinity : args.length;
  if (words.length < min || words.length > max) {
    const takes = args.length ? args.map(describeArg).join(" ") : "no arguments";
    throw usageError(`${command.name} takes ${takes}`, `usage: ${command.usage}`);
  }
  return words.map((word, i) => args[Math.min(i, args.length - 1)].parse?.(word) ?? word);
}

function describeArg(a: Arg): string {
  const name = a.many ? `${a.name}...` : a.name;
  return a.optional ? `[${name}]` : name;
}

/** All of stdin as text; past `maxBytes` it stops reading and refuses, so no input can fill memory. */
export async function readStdin(maxBytes = Infinity, what = "the input"): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new SlipwayError("too-large", `${what} on stdin is over ${maxBytes} bytes`, {
        hint: "send a smaller one; nothing was changed",
      });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Print rows as aligned columns, or as JSON when --json was given. */
export function printTable(rows: Record<string, unknown>[], columns: string[], json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    return;
  }
  const cells = [
    columns.map((c) => c.toUpperCase()),
    ...rows.map((r) => columns.map((c) => String(r[c] ?? "-"))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  for (const row of cells)
    process.stdout.write(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd() + "\n",
    );
}

/**
 * Split `APP [options] CMD ARGS...` where CMD starts: the command's own flags (`sh -c`) must not
 * be read as ours. `--` also ends our options.
 */
export function splitCommandTail(rest: string[], flags: Command["flags"] = {}): [string[], string[]] {
  let positionals = 0;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (word === "--") return [rest.slice(0, i), rest.slice(i + 1)];
    if (word.startsWith("-") && word !== "-") {
      if (takesValue(word, flags)) i++;
      continue;
    }
    if (++positionals > 1) return [rest.slice(0, i), rest.slice(i)];
  }
  return [rest, []];
}

function takesValue(word: string, flags: NonNullable<Command["flags"]>): boolean {
  if (word.includes("=")) return false;
  const flag = word.startsWith("--")
    ? flags[word.slice(2)]
    : Object.values(flags).find((f) => f.short === word.slice(1));
  return flag?.type === "string";
}
