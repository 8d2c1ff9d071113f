import { usageError, type SlipwayError } from "../errors.js";
import { closestName } from "../template/closest-name.js";
import { flagsOf, type Command } from "./command.js";

const COLUMNS = 100;
const USAGE_COLUMN = 34;

/** `help`: every command with its summary, wrapped to fit 100 columns. */
export function helpText(commands: Command[], remote: boolean): string {
  const lines = [
    `Usage: ${remote ? "ssh git@HOST" : "slipway"} COMMAND [ARGS]   (COMMAND --help for one command)`,
    "",
  ];
  for (const c of commands) {
    const summary = wrap(c.summary, COLUMNS - USAGE_COLUMN - 4);
    const usage = wrap(c.usage, COLUMNS - 2);
    if (usage.length === 1 && usage[0].length <= USAGE_COLUMN) {
      lines.push(`  ${usage[0].padEnd(USAGE_COLUMN)}  ${summary[0]}`);
    } else {
      lines.push(...usage.map((u) => `  ${u}`), `  ${" ".repeat(USAGE_COLUMN)}  ${summary[0]}`);
    }
    lines.push(...summary.slice(1).map((s) => `  ${" ".repeat(USAGE_COLUMN)}  ${s}`));
  }
  if (remote) lines.push("", "Deploy with: git push git@HOST:APP master");
  return lines.join("\n") + "\n";
}

/** `COMMAND --help`: its usage, summary and options. */
export function commandHelpText(command: Command, remote: boolean): string {
  const flags = Object.entries(flagsOf(command)).map(([name, f]) => {
    return `--${name}${f.short ? ` (-${f.short})` : ""}${f.type === "string" ? " VALUE" : ""}`;
  });
  const usage = `usage: ${remote ? "ssh git@HOST" : "slipway"} ${command.usage}`;
  const summary = wrap(command.summary, COLUMNS - 2).map((l) => `  ${l}`);
  return [usage, ...summary, ...(flags.length ? [`options: ${flags.join(", ")}`] : [])].join("\n") + "\n";
}

/** An unknown command, with the closest known name when one is near. */
export function unknownCommandError(name: string, known: string[], remote: boolean): SlipwayError {
  const close = closestName(name, known);
  const list = remote ? "run `ssh <host> help` to list commands" : "run `slipway help` to list commands";
  return usageError(
    `unknown command ${JSON.stringify(name)}${close ? `; did you mean ${close}?` : ""}`,
    list,
  );
}

/** Node's parseArgs text, said as Slipway says things: which option, which command, its usage. */
export function parseArgsError(err: Error & { code?: string }, command: Command): SlipwayError {
  const option = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? "";
  const usage = `usage: ${command.usage}`;
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const close = closestName(option.replace(/^-+/, ""), Object.keys(flagsOf(command)));
    return usageError(
      `${command.name} has no option ${option}${close ? `; did you mean --${close}?` : ""}`,
      usage,
    );
  }
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const takes = flagsOf(command)[option.replace(/^-+/, "")]?.type === "string";
    return usageError(takes ? `${option} needs a value` : `${option} takes no value`, usage);
  }
  return usageError(`${command.name}: ${err.message.split(". ")[0]}`, usage);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
