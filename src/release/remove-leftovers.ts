import type { Settings } from "../state/settings.js";
import { listAppContainers } from "../engine/containers.js";
import { removeSupervisedContainer } from "../engine/supervisors/supervise.js";
import { isBeingRetired } from "./retire.js";

/**
 * Containers of this app that no live release runs were left by an interrupted deploy or retire.
 * One that a live `internal:retire` is still draining is not a leftover: stopping it twice costs the push its stop timeout.
 * One-off containers (`run`, cron) belong to no release and end by themselves.
 */
export async function removeLeftovers(
  settings: Settings,
  app: string,
  live: ReadonlySet<string>,
): Promise<void> {
  const stale = (await listAppContainers(settings, app)).filter(
    (c) => !live.has(c.Id) && !c.Labels["slipway.oneoff"] && !isBeingRetired(app, c.Id),
  );
  await Promise.all(stale.map((c) => removeSupervisedContainer(settings, c.Id, settings.stopTimeoutSeconds)));
}
