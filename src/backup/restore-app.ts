import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { actor } from "../state/app-lock.js";
import type { Release } from "../state/app-state.js";
import { paths } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { ensureVolumes } from "../engine/network.js";
import { volumeName } from "../engine/service-host-config.js";
import { imagesLoadArgv, undumpArgv, volumeUntarArgv } from "../engine/stream-argv.js";
import { applyRelease, nextReleaseNumber } from "../release/apply-release.js";
import { checkFreeName } from "../release/copy-live-release.js";
import { destroyApp } from "../release/destroy-app.js";
import { relabelImages } from "../release/relabel-images.js";
import { ensureRepo } from "../git/repo.js";
import { findManifest } from "./find-manifest.js";
import { refuseServerName, type Manifest } from "./manifest.js";
import { restoreStream, type BackupTarget } from "./restic.js";
import { writeRestoredState } from "./restored-state.js";

export interface RestoreRequest {
  from: string;
  /** A manifest's snapshot id or a run id; the newest backup of `from` when absent. */
  snapshot?: string;
  /** `--as NEWAPP`: restore into a new app, leaving `from` alone. */
  to?: string;
  pusher?: string;
}

/**
 * `backups:restore`: state, repository and images, then volumes (before the release starts) or
 * dumps (fed to the running service's restore cmd). A failure removes the half-restored app.
 * The caller holds the lock of the app restored into.
 */
export async function restoreApp(
  settings: Settings,
  target: BackupTarget,
  req: RestoreRequest,
): Promise<Release> {
  const to = req.to ?? req.from;
  for (const name of [req.from, to]) refuseServerName(name);
  refuseExisting(settings, to);
  const manifest = await findManifest(target, req.from, req.snapshot);
  say.step(`Restoring ${req.from} from backup ${manifest.run}${to === req.from ? "" : ` as ${to}`}`);
  fs.mkdirSync(paths.tmpDir(), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(paths.tmpDir(), "restore-"));
  try {
    return await restoreInto(settings, target, manifest, to, tmp, req.pusher);
  } catch (err) {
    await destroyApp(settings, to, { volumes: true }).catch(() => undefined);
    throw err;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function restoreInto(
  settings: Settings,
  target: BackupTarget,
  manifest: Manifest,
  to: string,
  tmp: string,
  pusher?: string,
): Promise<Release> {
  const part = (kind: string) => manifest.parts.filter((p) => p.kind === kind);
  const from = manifest.app;
  for (const p of part("state"))
    await restoreStream(target, p.snapshot, p.file, ["tar", "-x", "-f", "-", "-C", tmp]);
  const { record, source } = writeRestoredState(path.join(tmp, "apps", from), to);
  const live = source.current;
  if (!live) throw new SlipwayError("restore-failed", `the backup of ${from} holds no release`);
  for (const p of part("repo")) await restoreRepo(settings, target, p, from, to);
  for (const p of part("images")) await restoreStream(target, p.snapshot, p.file, imagesLoadArgv(settings));
  const number = nextReleaseNumber(record);
  const images = await relabelImages(settings, to, number, live);
  for (const p of part("volume")) {
    say.step(`Restoring volume ${p.volume} of ${p.service}`);
    await ensureVolumes(settings, to, [p.volume!]);
    const untar = volumeUntarArgv(
      settings,
      volumeName(settings.namePrefix, to, p.volume!),
      live.services[p.service!].image,
    );
    await restoreStream(target, p.snapshot, p.file, untar);
  }
  const release = await applyRelease(settings, {
    app: to,
    number,
    record,
    template: live.template,
    images,
    sha: live.sha,
    cause: `restore of ${from} from backup ${manifest.run}`,
    pushedBy: actor(pusher),
    snippets: source.routes?.snippets,
  });
  for (const p of part("dump")) await restoreDump(settings, target, release, p);
  return release;
}

/** The repository under its new name, with hooks that name it (as `apps:clone` makes them). */
async function restoreRepo(
  settings: Settings,
  target: BackupTarget,
  p: Manifest["parts"][number],
  from: string,
  to: string,
): Promise<void> {
  const rename = `s,^${from}\\.git,${to}.git,`;
  await restoreStream(target, p.snapshot, p.file, [
    "tar",
    "-x",
    "-f",
    "-",
    "-C",
    settings.reposDir,
    "--transform",
    rename,
    // Only Slipway's own hook runs on a restored repository: ensureRepo writes it below.
    "--exclude",
    `${from}.git/hooks`,
  ]);
  await ensureRepo(settings, to);
}

async function restoreDump(
  settings: Settings,
  target: BackupTarget,
  release: Release,
  p: Manifest["parts"][number],
): Promise<void> {
  const service = release.template.services.find((s) => s.name === p.service);
  const container = release.services[p.service!]?.containers[0]?.name;
  if (!service?.restore || !container) {
    say.warn(
      `${p.service} has a dump but no restore cmd in slipway.yml; it starts empty (the dump stays in the backup)`,
    );
    return;
  }
  say.step(`Loading ${p.service}'s dump with its restore cmd`);
  await restoreStream(target, p.snapshot, p.file, undumpArgv(settings, container, service.restore));
}

/** A restore makes the app anew: one that exists is neither overwritten nor merged. */
function refuseExisting(settings: Settings, to: string): void {
  try {
    checkFreeName(settings, to);
  } catch (err) {
    throw new SlipwayError("app-exists", `there is already an app named ${to}; nothing was changed`, {
      hint: `restore a copy with --as NEWAPP, or remove it first: slipway apps:destroy ${to} --volumes`,
      cause: err,
    });
  }
}
