import { SlipwayError } from "../errors.js";

/** restic's stderr lines that say why it failed; they name the repository with its password masked. */
const WRONG_PASSWORD = /wrong password or no key found/;
const NO_REPOSITORY =
  /Is there a repository at|unable to open repository|connection refused|no such host|sftp session|timeout/i;

/**
 * A failed restic run as a SlipwayError: a wrong password and a target with no repository (or none
 * reachable) each get their own code and next step; pure.
 */
export function resticFailure(
  what: string,
  code: number,
  stderr: string,
  passwordFile: string,
): SlipwayError {
  const reason = fatalLine(stderr);
  if (WRONG_PASSWORD.test(stderr))
    return new SlipwayError("backup-password", `restic could not ${what}: the password does not open it`, {
      hint: `give the repository's own password (the one shown when it was made): slipway backups:target URL --existing < password-file`,
    });
  if (NO_REPOSITORY.test(stderr))
    return new SlipwayError("backup-unreachable", `restic could not ${what}: ${reason}`, {
      hint: "check the target is reachable from this server and holds a repository (backups:target makes one); S3 and REST credentials go in the backups env file",
    });
  return new SlipwayError("restic", `restic could not ${what} (exit ${code}): ${reason}`, {
    hint: `check the target with \`slipway backups:check\`; the password is in ${passwordFile}`,
  });
}

/** restic's own `Fatal:` line, else its last line: the reason, not the location it repeats after it. */
function fatalLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  const fatal = lines.find((l) => l.startsWith("Fatal: "));
  return (fatal ?? lines.at(-1) ?? "").replace(/^Fatal: /, "");
}
