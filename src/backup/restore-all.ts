import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { withAppLock } from "../state/app-lock.js";
import { loadApp } from "../state/app-state.js";
import { readText, writeFileAtomic } from "../state/atomic-write.js";
import { paths, stateRoot } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { listManifests, readManifest, type Manifest } from "./manifest.js";
import { restoreStream, type BackupTarget } from "./restic.js";
import { restoreApp } from "./restore-app.js";

/** Server state taken back as it was: tokens and certificates. Settings are this server's own. */
const SERVER_ENTRIES = ["tokens.json", "letsencrypt", "api"];

/**
 * `backups:restore --all` on a freshly provisioned server: the server's tokens, certificates and
 * SSH keys, then every app of the newest full backup, each from its newest backup.
 */
export async function restoreAll(settings: Settings, target: BackupTarget, pusher?: string): Promise<void> {
  const server = (await listManifests(target, "server")).at(-1);
  if (!server) {
    throw new SlipwayError(
      "no-backup",
      "the target holds no full backup (`backups:run` with no app makes one)",
      {
        hint: "see `slipway backups:list`",
      },
    );
  }
  const manifest = await readManifest(target, server);
  await restoreServer(settings, target, manifest);
  const failed: string[] = [];
  for (const app of manifest.apps ?? []) {
    if (loadApp(app)) {
      say.step(`${app} exists here already: left as it is`);
      continue;
    }
    try {
      await withAppLock(settings, app, () => restoreApp(settings, target, { from: app, pusher }));
    } catch (err) {
      say.warn(`${app} was not restored: ${(err as Error).message}`);
      failed.push(app);
    }
  }
  if (failed.length) {
    throw new SlipwayError(
      "restore-failed",
      `${failed.length} app(s) were not restored: ${failed.join(", ")}`,
      {
        hint: "see the reasons above; try each again with `slipway backups:restore APP`",
      },
    );
  }
}

async function restoreServer(settings: Settings, target: BackupTarget, manifest: Manifest): Promise<void> {
  const dir = path.join(paths.backupsDir(), "restored", manifest.run);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const p of manifest.parts) {
    const into = path.join(dir, path.basename(p.file, ".tar"));
    fs.mkdirSync(into, { recursive: true });
    await restoreStream(target, p.snapshot, p.file, ["tar", "-x", "-f", "-", "-C", into]);
  }
  for (const entry of SERVER_ENTRIES) {
    const from = path.join(dir, "state", entry);
    const to = path.join(stateRoot(), entry);
    if (fs.existsSync(from) && !fs.existsSync(to))
      fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
  }
  mergeKeys(settings, path.join(dir, "authorized-keys", path.basename(settings.authorizedKeys)));
  say.step(
    `Restored tokens, certificates and SSH keys; the old settings and vhosts are in ${dir} to compare`,
  );
}

/** Add the backed-up keys this server lacks (by name and by key), keeping its own (the admin's new key). */
function mergeKeys(settings: Settings, backedUp: string): void {
  if (!fs.existsSync(backedUp)) return;
  const file = settings.authorizedKeys;
  const have = readText(file) ?? "";
  const taken = new Set(have.split("\n").flatMap(keyIdentity));
  const missing = fs
    .readFileSync(backedUp, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !keyIdentity(l).some((id) => taken.has(id)));
  if (missing.length)
    writeFileAtomic(file, have.replace(/\n?$/, "\n").replace(/^\n$/, "") + missing.join("\n") + "\n", 0o600);
}

/** A key line's name (`ssh-serve NAME`) and key blob. */
function keyIdentity(line: string): string[] {
  const name = /ssh-serve (\S+)/.exec(line)?.[1];
  const blob = line
    .trim()
    .split(/\s+/)
    .find((w) => w.length > 60 && /^[A-Za-z0-9+/]+={0,3}$/.test(w));
  return [name && `name:${name}`, blob && `blob:${blob}`].filter((x): x is string => !!x);
}
