import fs from "node:fs";
import { say } from "../output.js";
import { routeApp } from "../proxy/route-app.js";
import { docker } from "../engine/docker.js";
import { liveContainerIds } from "../engine/live-containers.js";
import { removeVhost } from "../proxy/install-vhost.js";
import { withAppLock } from "../state/app-lock.js";
import { listApps, loadApp } from "../state/app-state.js";
import { clearJournal, readJournal, type DeployJournal } from "../state/journal.js";
import { paths } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { removeSupervisedContainer } from "../engine/supervisors/supervise.js";
import { removeImage } from "../engine/images.js";
import { removeLeftovers } from "./remove-leftovers.js";

/**
 * Undo a deploy that died (SIGKILL, reboot) part-way: remove what it created, put the last good
 * route back, and drop the journal. The caller holds the app's lock, so the deploy that wrote
 * the journal cannot still be running. Returns true when there was something to recover.
 */
export async function recoverInterrupted(settings: Settings, app: string): Promise<boolean> {
  const journal = readJournal(app);
  if (!journal) return false;
  say.step(`Recovering ${app}: a deploy of release ${journal.release} was interrupted while ${journal.phase}`);
  const live = loadApp(app)?.current;
  // Once the app record names the new release, it went live: keep it, and only the old containers go.
  if (live?.number !== journal.release) await undoRelease(settings, journal);
  await removeLeftovers(settings, app, liveContainerIds(live));
  clearJournal(app);
  return true;
}

async function undoRelease(settings: Settings, journal: DeployJournal): Promise<void> {
  // The route goes back first, so nginx never points at a container that is being removed.
  if (journal.phase === "switching" || journal.phase === "draining") {
    if (journal.previousRoutes) await routeApp(settings, journal.app, journal.previousRoutes);
    else await removeVhost(settings, journal.app);
  }
  await Promise.all(journal.containers.map((id) => removeSupervisedContainer(settings, id, 0)));
  // Services that can't run twice (volumes, public ports) were stopped for their replacement: start them again.
  const engine = await docker();
  for (const id of journal.stopped ?? []) await engine.getContainer(id).start().catch(() => undefined);
  for (const image of journal.images) await removeImage(image);
  // A kill between writing the release record and switching the app to it leaves a record of a release that never ran.
  fs.rmSync(paths.release(journal.app, journal.release), { force: true });
}

/** At host or daemon start: recover every app with a journal; a busy or broken app does not stop the others. */
export async function recoverAll(settings: Settings): Promise<{ recovered: string[]; failed: string[] }> {
  const recovered: string[] = [];
  const failed: string[] = [];
  for (const { name } of listApps()) {
    if (!readJournal(name)) continue;
    try {
      const recover = () => recoverInterrupted(settings, name);
      if (await withAppLock(settings, name, recover, { brief: true })) recovered.push(name);
    } catch (err) {
      say.warn(`could not recover ${name}: ${err instanceof Error ? err.message : err}`);
      failed.push(name);
    }
  }
  return { recovered, failed };
}
