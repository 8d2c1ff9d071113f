import { usageError } from "../errors.js";
import { APP_COMMANDS } from "./app-commands.js";

/** What the user asked the client for: which remote, which app if given, and the command words. */
export interface ClientCall {
  remote: string;
  app?: string;
  words: string[];
}

export const DEFAULT_REMOTE = "slipway";
const OPTIONS = ["remote", "app"] as const;

/** Client options come before the command (`slipway --remote staging logs -f`); the rest is the command. */
export function parseClientCall(argv: string[]): ClientCall {
  const found: Partial<Record<(typeof OPTIONS)[number], string>> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const name = OPTIONS.find((o) => argv[i] === `--${o}` || argv[i].startsWith(`--${o}=`));
    if (!name) break;
    const inline = argv[i].startsWith(`--${name}=`);
    const value = inline ? argv[i].slice(name.length + 3) : argv[++i];
    if (!value)
      throw usageError(`--${name} needs a value`, "slipway --remote staging --app myapp-staging releases");
    found[name] = value;
  }
  const words = argv.slice(i);
  const late = commandOptions(words).find((w) => /^--(remote|app)(=|$)/.test(w));
  if (late) {
    const flag = late.split("=")[0];
    throw usageError(
      `${flag} is the client's and goes before the command`,
      `slipway ${flag} NAME ${words[0]} ...`,
    );
  }
  return { remote: found.remote ?? DEFAULT_REMOTE, app: found.app, words: words.length ? words : ["help"] };
}

/** The command's own option words: for run, those before the command it runs; deploy's --remote is its own. */
function commandOptions(words: string[]): string[] {
  if (words[0] === "deploy") return [];
  const end = words.indexOf("--");
  const own = end < 0 ? words.slice(1) : words.slice(1, end);
  if (words[0] !== "run") return own;
  const first = own.findIndex((w, i) => !w.startsWith("-") && !["-s", "--service"].includes(own[i - 1]));
  return first < 0 ? own : own.slice(0, first);
}

/** The words the server gets: APP goes right after a command that takes one. */
export function commandWords(words: string[], app: string): string[] {
  const bad = words.find((w) => /[\0\r\n]/.test(w));
  if (bad !== undefined) {
    const hint = "send multi-line values on stdin: slipway config:set KEY --stdin < file";
    throw usageError("an argument contains a newline, which an SSH command line cannot carry", hint);
  }
  const [name, ...rest] = words;
  return APP_COMMANDS.has(name) ? [name, app, ...rest] : words;
}

/** `run -t` and `enter` want a terminal; a -t of the command that run runs is that command's. */
export function wantsTerminal(words: string[]): boolean {
  if (words[0] === "enter") return true;
  return words[0] === "run" && commandOptions(words).some((w) => w === "-t" || w === "--tty");
}
