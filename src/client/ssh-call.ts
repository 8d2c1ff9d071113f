import { SlipwayError } from "../errors.js";
import { splitWords } from "../git/ssh-command.js";
import { quoteCommand } from "./quote-command.js";
import type { SshRemote } from "./remote-url.js";

/** Which ssh to run, and where it was set: SLIPWAY_SSH, GIT_SSH_COMMAND or core.sshCommand. */
export interface SshProgram {
  from: string;
  command: string;
}

/** Split the ssh command the way the server splits its own: quotes group, nothing is expanded, no shell. */
export function sshWords(program: SshProgram | undefined): string[] {
  if (!program) return ["ssh"];
  try {
    const words = splitWords(program.command);
    if (words.length) return words;
  } catch (err) {
    throw new SlipwayError(
      "ssh-command",
      `${program.from} is not a command line: ${(err as Error).message}`,
      {
        hint: `set it to plain words, e.g. ${program.from}="ssh -i ~/.ssh/id_ed25519"`,
        cause: err,
      },
    );
  }
  throw new SlipwayError("ssh-command", `${program.from} is empty`, {
    hint: `unset it, or set it to e.g. "ssh -i KEY"`,
  });
}

/** The ssh argv: options, then `--` so nothing from the remote URL can become an option. */
export function sshArgv(ssh: string[], remote: SshRemote, words: string[], terminal: boolean): string[] {
  const options = [...(terminal ? ["-t"] : []), ...(remote.port ? ["-p", remote.port] : [])];
  return [...ssh, ...options, "--", remote.destination, quoteCommand(words)];
}
