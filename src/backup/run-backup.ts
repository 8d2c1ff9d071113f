import fs from "node:fs";
import { say } from "../output.js";
import { requireApp } from "../state/app-state.js";
import { repoPath, stateRoot } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { setPaused } from "../engine/pause-containers.js";
import { refuseServerName, writeManifest, partTags, type Manifest } from "./manifest.js";
import { planAppBackup, planServerBackup, type BackupPart } from "./plan-backup.js";
import { backupStream, type BackupTarget } from "./restic.js";

/** Back up one deployed app: every part as its own snapshot, then the manifest that ties them. */
export async function backupApp(
  settings: Settings,
  target: BackupTarget,
  app: string,
  run: string,
): Promise<Manifest> {
  refuseServerName(app);
  const release = requireApp(app).current;
  if (!release) {
    say.step(`${app} has no release yet: nothing to back up`);
    return { version: 1, app, run, createdAt: new Date().toISOString(), parts: [] };
  }
  const plan = planAppBackup(settings, {
    app,
    release,
    stateRoot: stateRoot(),
    reposDir: settings.reposDir,
    hasRepo: fs.existsSync(repoPath(settings, app)),
  });
  const manifest: Manifest = {
    version: 1,
    app,
    run,
    createdAt: new Date().toISOString(),
    release: release.number,
    parts: [],
  };
  for (const part of plan)
    manifest.parts.push({ ...describe(part), snapshot: await storePart(target, app, run, part) });
  await writeManifest(target, manifest);
  say.step(
    `Backed up ${app} (release ${release.number}): ${plan.map((p) => p.file.slice(app.length + 1)).join(", ")}`,
  );
  return manifest;
}

/** Server-wide state; `apps` are those backed up in the same run, for `backups:restore --all`. */
export async function backupServer(
  settings: Settings,
  target: BackupTarget,
  run: string,
  apps: string[],
): Promise<void> {
  const manifest: Manifest = {
    version: 1,
    app: "server",
    run,
    createdAt: new Date().toISOString(),
    apps,
    parts: [],
  };
  for (const part of planServerBackup(settings, stateRoot())) {
    if (part.source && !fs.existsSync(part.source)) continue;
    manifest.parts.push({ ...describe(part), snapshot: await storePart(target, "server", run, part) });
  }
  await writeManifest(target, manifest);
  say.step(`Backed up the server's settings, tokens, keys, certificates and vhosts`);
}

async function storePart(target: BackupTarget, app: string, run: string, part: BackupPart): Promise<string> {
  if (part.kind === "dump") say.step(`Dumping ${part.service} of ${app} with its backup cmd`);
  if (!part.pause?.length) return backupStream(target, part.producer, part.file, partTags(app, run));
  say.step(
    `Pausing ${part.service} of ${app} while volume ${part.volume} is copied (no backup cmd in slipway.yml)`,
  );
  await setPaused(part.pause, true);
  try {
    return await backupStream(target, part.producer, part.file, partTags(app, run));
  } finally {
    await setPaused(part.pause, false);
  }
}

function describe(part: BackupPart): Omit<BackupPart, "producer" | "pause"> {
  return { kind: part.kind, file: part.file, service: part.service, volume: part.volume };
}

/** A run's id: its start time, sortable, the same for every app of one run. */
export function runId(now = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}
