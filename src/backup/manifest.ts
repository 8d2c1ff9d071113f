import { runProgram } from "../system/run-program.js";
import { SlipwayError } from "../errors.js";
import { paths } from "../state/paths.js";
import { resticFailure } from "./restic-failure.js";
import { restic, resticEnv, type BackupTarget } from "./restic.js";
import type { BackupPart } from "./plan-backup.js";

/** What one run of one app (or of the server) stored: the snapshot of each part. Written last. */
export interface Manifest {
  version: 1;
  /** The app, or "server" for server-wide state. */
  app: string;
  run: string;
  createdAt: string;
  release?: number;
  /** Apps backed up in the same run (server manifest): what `backups:restore --all` brings back. */
  apps?: string[];
  parts: (Omit<BackupPart, "producer" | "pause"> & { snapshot: string })[];
}

/** The snapshot of a manifest, as listed: its restic id and tags. */
export interface ManifestRef {
  snapshot: string;
  app: string;
  run: string;
  time: string;
}

/** The name the server's own state goes by in a backup, beside the apps'. */
export const SERVER = "server";

const tag = (app: string) => (app === SERVER ? "server" : `app:${app}`);

/** An app named `server` would be stored, pruned and restored as the server's own state. */
export function refuseServerName(app: string): void {
  if (app !== SERVER) return;
  throw new SlipwayError("backup-app-name", `an app named ${SERVER} cannot be backed up or restored`, {
    hint: `its backup would be taken for the server's own state; rename it: slipway apps:rename ${SERVER} NEW`,
  });
}

export function partTags(app: string, run: string): string[] {
  return [tag(app), `run:${run}`];
}

export async function writeManifest(target: BackupTarget, manifest: Manifest): Promise<void> {
  const args = [
    "backup",
    "--stdin",
    "--stdin-filename",
    `${manifest.app}/manifest.json`,
    "--host",
    "slipway",
    "-q",
  ];
  const tags = [...partTags(manifest.app, manifest.run), "manifest"].flatMap((t) => ["--tag", t]);
  const res = await runProgram(["restic", ...args, ...tags], {
    env: resticEnv(target),
    input: JSON.stringify(manifest),
  });
  if (res.code !== 0) throw resticFailure("store the manifest", res.code, res.stderr, paths.backupPassword());
}

/** Every manifest in the repository, oldest first; `app` narrows to one app (or "server"). */
export async function listManifests(target: BackupTarget, app?: string): Promise<ManifestRef[]> {
  const filter = app ? `manifest,${tag(app)}` : "manifest";
  const out = await restic(target, ["snapshots", "--json", "--tag", filter], "list the backups");
  const snapshots = JSON.parse(out || "[]") as { short_id: string; time: string; tags?: string[] }[];
  return snapshots.map((s) => ({
    snapshot: s.short_id,
    app: valueOf(s.tags, "app:") ?? "server",
    run: valueOf(s.tags, "run:") ?? "",
    time: s.time,
  }));
}

export async function readManifest(target: BackupTarget, ref: ManifestRef): Promise<Manifest> {
  const text = await restic(target, ["dump", ref.snapshot, `/${ref.app}/manifest.json`], "read a manifest");
  return JSON.parse(text) as Manifest;
}

function valueOf(tags: string[] | undefined, prefix: string): string | undefined {
  return tags?.find((t) => t.startsWith(prefix))?.slice(prefix.length);
}
