import type { Settings } from "../state/settings.js";

export type Flags = Record<string, string | boolean | undefined>;

export interface CommandContext {
  args: string[];
  flags: Flags;
  settings: Settings;
  /** True when the command came in over SSH: no local terminal, no admin-only commands. */
  remote: boolean;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Allowed as `ssh git@host NAME ...`. */
  remote: boolean;
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

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
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
