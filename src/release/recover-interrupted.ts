import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { nginxRouter } from "../proxy/app-router.js";
import { liveContainerIds } from "../engine/live-containers.js";
import { withAppLock } from "../state/app-lock.js";
import { listApps, loadApp, removeRelease } from "../state/app-state.js";
import { clearJournal, readJournal, type DeployJournal } from "../state/journal.js";
import type { Settings } from "../state/settings.js";
import { removeImage } from "../engine/images.js";
import { removeLeftovers } from "./remove-leftovers.js";
import { undoSteps } from "./undo-release.js";

/**
 * Undo a deploy that died (SIGKILL, reboot) part-way: remove what it created, put the last good
 * route back, and drop the journal. The caller holds the app's lock, so the deploy that wrote
 * the journal cannot still be running. Returns true when there was something to recover.
 */
export async function recoverInterrupted(settings: Settings, app: string): Promise<boolean> {
  const journal = readJournal(app);
  if (!journal) return false;
  say.step(
    `Recovering ${app}: a deploy of release ${journal.release} was interrupted while ${journal.phase}`,
  );
  const live = loadApp(app)?.current;
  // Once the app record names the new release, it went live: keep it, and only the old containers go.
  if (live?.number !== journal.release) await undoRelease(settings, journal);
  await removeLeftovers(settings, app, liveContainerIds(live));
  clearJournal(app);
  return true;
}

/** The same undo a failed push runs, over the steps the journal recorded; then what the build left. */
async function undoRelease(settings: Settings, journal: DeployJournal): Promise<void> {
  const failures = await undoSteps(
    settings,
    journal.app,
    journal.done ?? [],
    nginxRouter(settings, journal.app),
  );
  if (failures.length) {
    // The journal stays, so the next command on the app (or boot) tries again what could not be undone.
    throw new SlipwayError(
      "recover",
      `could not fully undo the interrupted deploy of ${journal.app}: ${failures.join("; ")}`,
      {
        hint: "fix the cause above (is Docker, nginx or the init system running?), then run `slipway internal:recover`",
      },
    );
  }
  for (const image of journal.images) await removeImage(image);
  // A kill between writing the release record and switching the app to it leaves a record of a release that never ran.
  removeRelease(journal.app, journal.release);
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
