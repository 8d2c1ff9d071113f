import { spawn } from "node:child_process";
import fs from "node:fs";
import { SlipwayError } from "../errors.js";
import { withAppLock } from "../state/app-lock.js";
import { readJson, writeJsonAtomic } from "../state/atomic-write.js";
import { paths } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { loadApp } from "../state/app-state.js";
import { removeSupervisedContainer } from "../engine/supervisors/supervise.js";
import { pruneAppImages } from "../engine/images.js";
import { removeSwarmService } from "../engine/swarm/swarm-services.js";

/** Left by the deploy for each background retire, so the next push's cleanup leaves a draining container alone. */
interface RetireMark {
  pid: number;
  /** After this, the mark is stale whatever the pid says (pids get reused). */
  until: string;
}

/**
 * The old container drains and stops after the push has returned: nginx already sends new
 * requests elsewhere, and the pusher should not wait out a slow SIGTERM.
 */
export function retireInBackground(settings: Settings, app: string, containerIds: string[]): void {
  for (const containerId of containerIds) {
    const child = spawn(settings.slipwayBin, ["internal:retire", app, containerId], {
      detached: true,
      stdio: "ignore",
    });
    const budgetMs = (settings.drainSeconds + settings.stopTimeoutSeconds + 10) * 1000;
    if (child.pid)
      writeJsonAtomic(paths.retireMark(app, containerId), {
        pid: child.pid,
        until: new Date(Date.now() + budgetMs).toISOString(),
      });
    child.unref();
  }
}

/**
 * The body of `internal:retire`: let in-flight requests finish, then SIGTERM, stop timeout, remove.
 * Then prune images: the deploy's own prune could not remove the image this container still used.
 */
export async function retireContainer(settings: Settings, app: string, containerId: string): Promise<void> {
  if (SWARM_SERVICE.test(containerId)) return retireSwarmService(settings, containerId);
  if (!/^[0-9a-f]{64}$/.test(containerId))
    throw new SlipwayError("usage", `not a container id: ${JSON.stringify(containerId.slice(0, 80))}`, {
      exitCode: 2,
    });
  await new Promise((r) => setTimeout(r, settings.drainSeconds * 1000));
  await removeSupervisedContainer(settings, containerId, settings.stopTimeoutSeconds);
  fs.rmSync(paths.retireMark(app, containerId), { force: true });
  // Under the app lock, so a deploy building its next image never races the prune; if busy, that deploy prunes.
  const prune = async () => {
    if (loadApp(app)?.current) await pruneAppImages(settings, app);
  };
  await withAppLock(settings, app, prune, { brief: true }).catch(() => undefined);
}

/** `swarm:ID` names a replaced Swarm service: nginx left its tasks already, so it drains and goes. */
const SWARM_SERVICE = /^swarm:[a-z0-9]{25}$/;

async function retireSwarmService(settings: Settings, ref: string): Promise<void> {
  await new Promise((r) => setTimeout(r, settings.drainSeconds * 1000));
  await removeSwarmService(ref.slice("swarm:".length));
}

/** True while a live retire process owns the container; a dead one's container is an orphan again. */
export function isBeingRetired(app: string, containerId: string): boolean {
  const mark = readJson<RetireMark>(paths.retireMark(app, containerId));
  if (!mark || Date.now() > Date.parse(mark.until)) return false;
  try {
    process.kill(mark.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // alive, owned by another user
  }
}
