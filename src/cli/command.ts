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
  run(ctx: CommandContext): Promise<number | void>;
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
