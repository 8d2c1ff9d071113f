import type { Settings } from "../state/settings.js";
import { listAppContainers } from "./containers.js";
import { removeSupervisedContainer } from "./supervisors/supervise.js";
import { isBeingRetired } from "./retire.js";

/**
 * Containers of this app that are not the live one were left by an interrupted deploy or retire.
 * One that a live `internal:retire` is still draining is not a leftover: stopping it twice costs the push its stop timeout.
 */
export async function removeLeftovers(settings: Settings, app: string, liveId: string | undefined): Promise<void> {
  const stale = (await listAppContainers(settings, app)).filter((c) => c.Id !== liveId && !isBeingRetired(app, c.Id));
  await Promise.all(stale.map((c) => removeSupervisedContainer(settings, c.Id, settings.stopTimeoutSeconds)));
}
