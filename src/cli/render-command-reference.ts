import type { Command, CommandScope } from "./command.js";
import { publicCommands } from "./command-table.js";

/** The line that starts the generated part of docs/commands.md; everything after it comes from the table. */
export const REFERENCE_MARKER =
  "<!-- Generated from src/cli/command-table.ts by `npm run docs`; edit the table, not below. -->";

/** Every public command as the table declares it: usage, summary, where it runs, its lock and its output. */
export function renderCommandReference(commands: Command[] = publicCommands): string {
  const rows = commands
    .filter((c) => !c.hidden)
    .map((c) => {
      const cells = [
        `\`${c.usage}\``,
        c.summary,
        where(c),
        LOCKS[c.lock ?? "none"],
        c.table ? "table, or JSON with --json" : "",
      ];
      return `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
    });
  return [
    REFERENCE_MARKER,
    "",
    "## Reference",
    "",
    "Every command, as the command table declares it. *Keys* says which SSH keys and API tokens may run it",
    "remotely; *Lock* says whether it holds the app's lock (a *session* also undoes an interrupted deploy first).",
    "",
    "| Command | What it does | Keys | Lock | Output |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

const LOCKS = { none: "", app: "app lock", session: "app session" } as const;

function where(c: Command): string {
  if (!c.remote) return "local only";
  return describeScope(c.scope);
}

function describeScope(scope: CommandScope): string {
  if (scope === "admin") return "admin";
  if (scope === "any") return "any (lists only its apps)";
  return scope.optional ? "its apps (without APP: lists only its apps)" : "its apps";
}
