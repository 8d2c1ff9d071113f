import crypto from "node:crypto";
import fs from "node:fs";
import { say } from "../output.js";
import { writeFileAtomic, writeJsonAtomic } from "../state/atomic-write.js";
import { paths } from "../state/paths.js";
import { restic, type BackupTarget } from "./restic.js";
import { parseTargetUrl } from "./target-url.js";

/**
 * `backups:target URL`: a new repository with a generated password, shown once; or, with
 * `existing`, a repository made before (disaster recovery) opened with its known password.
 */
export async function setTarget(url: string, existing?: string): Promise<void> {
  const target: BackupTarget = { url, scheme: parseTargetUrl(url) };
  const previous = fs.existsSync(paths.backupPassword())
    ? fs.readFileSync(paths.backupPassword())
    : undefined;
  const password = existing?.trim() || crypto.randomBytes(24).toString("base64url");
  writeFileAtomic(paths.backupPassword(), password + "\n", 0o600);
  try {
    if (existing) await restic(target, ["cat", "config"], "open the repository with that password");
    else await restic(target, ["init"], "create a repository there (one made before? add --existing)");
  } catch (err) {
    if (previous) writeFileAtomic(paths.backupPassword(), previous, 0o600);
    else fs.rmSync(paths.backupPassword(), { force: true });
    throw err;
  }
  writeJsonAtomic(paths.backupTarget(), target, 0o600);
  if (previous && previous.toString().trim() !== password) keepOldPassword(previous);
  if (existing)
    say.step(
      `Backups go to the existing ${target.scheme} repository; its password is in ${paths.backupPassword()}`,
    );
  else showPasswordOnce(target, password);
}

/** A new repository must not lose the old one's password: its backups stay readable with it. */
function keepOldPassword(previous: Buffer): void {
  const kept = `${paths.backupPassword()}.${new Date().toISOString().replace(/[-:.]/g, "")}`;
  writeFileAtomic(kept, previous, 0o600);
  say.step(`The previous repository's password is kept (0600) in ${kept}`);
}

/** The one time the password is shown: without it (and the server) the backups cannot be read. */
function showPasswordOnce(target: BackupTarget, password: string): void {
  say.step(`Created a ${target.scheme} restic repository for backups`);
  process.stdout.write(`${password}\n`);
  say.warn(`That is the repository's password, shown this once. Keep a copy away from this server:`);
  say.warn(`without it no backup can be restored. It is stored (0600) in ${paths.backupPassword()}`);
}
