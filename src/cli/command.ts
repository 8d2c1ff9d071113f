import { SlipwayError } from "../errors.js";
import type { Caller } from "../git/access-scope.js";
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

/** Local-only commands are for whoever is on the server, who is admin; remote ones declare a scope. */
export type Command = CommandSpec & ({ remote: false; scope?: "admin" } | { remote: true; scope: CommandScope });

interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  hidden?: boolean;
  flags?: Record<string, { type: "string" | "boolean"; short?: string }>;
  /**
   * A command whose usage starts with APP refuses a name that is not an app before it runs; true
   * for those that create an app (a deploy) or clean up after one.
   */
  appMayBeMissing?: boolean;
  /** Runs a command (`run APP CMD...`): everything from the second positional on is passed verbatim. */
  commandTail?: boolean;
  run(ctx: CommandContext): Promise<number | void>;
}

/** The app a command names, when its usage starts with APP and the app must exist. */
export function existingAppArg(command: Command, positionals: string[]): string | undefined {
  if (command.appMayBeMissing || command.usage.split(" ")[1] !== "APP" || positionals[0] === undefined) return undefined;
  return positionals[0];
}

/** All of stdin as text; past `maxBytes` it stops reading and refuses, so no input can fill memory. */
export async function readStdin(maxBytes = Infinity, what = "the input"): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new SlipwayError("too-large", `${what} on stdin is over ${maxBytes} bytes`, { hint: "send a smaller one; nothing was changed" });
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
  const cells = [columns.map((c) => c.toUpperCase()), ...rows.map((r) => columns.map((c) => String(r[c] ?? "-")))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  for (const row of cells) process.stdout.write(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd() + "\n");
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
  const flag = word.startsWith("--") ? flags[word.slice(2)] : Object.values(flags).find((f) => f.short === word.slice(1));
  return flag?.type === "string";
}
