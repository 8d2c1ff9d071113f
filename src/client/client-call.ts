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
    if (!value) throw usageError(`--${name} needs a value`, "slipway --remote staging --app myapp-staging releases");
    found[name] = value;
  }
  const words = argv.slice(i);
  return { remote: found.remote ?? DEFAULT_REMOTE, app: found.app, words: words.length ? words : ["help"] };
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

/** `run -t` and `enter` want a terminal; run's options end at the first word of the command it runs. */
export function wantsTerminal(words: string[]): boolean {
  if (words[0] === "enter") return true;
  if (words[0] !== "run") return false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === "-t" || word === "--tty") return true;
    if (word === "-s" || word === "--service") i++;
    else if (word === "--" || !word.startsWith("-")) return false;
  }
  return false;
}
