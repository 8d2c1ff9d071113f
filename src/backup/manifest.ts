import { runProgram } from "../system/run-program.js";
import { SlipwayError } from "../errors.js";
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

const tag = (app: string) => (app === "server" ? "server" : `app:${app}`);

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
  if (res.code !== 0)
    throw new SlipwayError("restic", `restic could not store the manifest: ${res.stderr.trim()}`);
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
