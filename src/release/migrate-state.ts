import fs from "node:fs";
import path from "node:path";
import { releaseImages } from "../engine/release-images.js";
import { say } from "../output.js";
import { withAppLock } from "../state/app-lock.js";
import { readJson, writeJsonAtomic } from "../state/atomic-write.js";
import type { AppSnapshot } from "../state/migrations/migration.js";
import { migrations } from "../state/migrations/migrations.js";
import { STATE_VERSION, storedStateVersion } from "../state/migrations/state-version.js";
import { paths } from "../state/paths.js";
import { saveSettings, type Settings } from "../state/settings.js";

/**
 * Bring the state directory to this Slipway's format: each app under its lock (a push waits, then sees
 * the new format), then stateVersion in settings.json. Run by configure-system.sh; running it again is a no-op.
 */
export async function migrateState(settings: Settings): Promise<{ from: number; to: number }> {
  const from = storedStateVersion(settings);
  const pending = migrations.slice(from);
  if (!pending.length) return { from, to: from };
  for (const m of pending) say.step(`Migrating state to version ${m.version}: ${m.summary}`);
  for (const app of appDirs()) {
    await withAppLock(settings, app, async () => {
      const snapshot = await readSnapshot(settings, app);
      for (const m of pending) applyWrites(snapshot, m.migrateApp(snapshot));
    });
  }
  saveSettings({ ...settings, stateVersion: STATE_VERSION });
  return { from, to: STATE_VERSION };
}

function appDirs(): string[] {
  try {
    return fs.readdirSync(paths.appsDir()).filter((name) => fs.existsSync(paths.appRecord(name)));
  } catch {
    return [];
  }
}

/** The app's files as stored, not as loadApp upgrades them on reading. */
async function readSnapshot(settings: Settings, app: string): Promise<AppSnapshot> {
  const releases: AppSnapshot["releases"] = {};
  const files = fs.existsSync(paths.releasesDir(app)) ? fs.readdirSync(paths.releasesDir(app)) : [];
  for (const file of files) {
    const n = Number(/^(\d+)\.json$/.exec(file)?.[1]);
    if (n > 0) releases[n] = readJson(paths.release(app, n))!;
  }
  const record = readJson<Record<string, unknown>>(paths.appRecord(app))!;
  return { name: app, record, releases, images: await releaseImages(settings, app) };
}

/** Write each file, and keep the snapshot in step so the next migration reads what this one wrote. */
function applyWrites(
  snapshot: AppSnapshot,
  writes: ReturnType<(typeof migrations)[number]["migrateApp"]>,
): void {
  for (const { file, json } of writes) {
    writeJsonAtomic(path.join(paths.appDir(snapshot.name), file), json);
    const release = /^releases\/(\d+)\.json$/.exec(file);
    if (release) snapshot.releases[Number(release[1])] = json as Record<string, unknown>;
    else if (file === "app.json") snapshot.record = json as Record<string, unknown>;
  }
}
