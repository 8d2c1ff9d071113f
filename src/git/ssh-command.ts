import { SlipwayError } from "../errors.js";
import { parseAppName } from "../state/app-name.js";

export type SshRequest =
  | { kind: "git"; service: "git-receive-pack" | "git-upload-pack"; app: string }
  | { kind: "command"; argv: string[] };

const GIT_SERVICES = new Set(["git-receive-pack", "git-upload-pack"]);

/**
 * Turn SSH_ORIGINAL_COMMAND into a request, or refuse it. Only git's own pack
 * services and Slipway's remote commands pass; shells, scp and sftp do not.
 */
export function parseSshCommand(
  original: string | undefined,
  remoteCommands: ReadonlySet<string>,
  isTypo: (verb: string) => boolean = () => false,
): SshRequest {
  const words = splitWords(original ?? "");
  if (words.length === 0) return { kind: "command", argv: ["help"] };
  const [verb, ...rest] = words;
  if (GIT_SERVICES.has(verb)) {
    if (rest.length !== 1) throw refused(original!);
    return { kind: "git", service: verb as "git-receive-pack", app: parseAppName(rest[0]) };
  }
  if (remoteCommands.has(verb)) return { kind: "command", argv: words };
  // A typo of a command is a usage error with a suggestion (from dispatch), not a refusal.
  if (/^[a-z][a-z0-9:-]*$/.test(verb) && isTypo(verb)) return { kind: "command", argv: words };
  throw refused(original!);
}

function refused(original: string): SlipwayError {
  const shown = original.length > 60 ? original.slice(0, 57) + "..." : original;
  return new SlipwayError(
    "ssh-refused",
    `refused: ${JSON.stringify(shown)} is not a git push, clone or Slipway command`,
    {
      hint: "push with `git push <remote> master`, or run `ssh <host> help` for the commands available over SSH",
    },
  );
}

/** Split like a POSIX shell would for plain words and quotes, but expand nothing. */
export function splitWords(line: string): string[] {
  if (/[\0\r\n]/.test(line))
    throw new SlipwayError("ssh-refused", "refused: the command contains control characters");
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= "";
    } else if (ch === " " || ch === "\t") {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? "") + ch;
    }
  }
  if (quote) throw new SlipwayError("ssh-refused", "refused: unbalanced quotes in the command");
  if (word !== null) words.push(word);
  return words;
}
