import { stalePreviews } from "../../state/previews/stale-previews.js";
import type { Settings } from "../../state/settings.js";
import { destroyPreview } from "./destroy-preview.js";
import { listPreviews } from "./list-previews.js";

/** Destroy APP's previews not pushed for maxAgeMs; the caller holds APP's lock. Returns their branches. */
export async function prunePreviews(settings: Settings, app: string, maxAgeMs: number): Promise<string[]> {
  const stale = stalePreviews(listPreviews(settings, app), maxAgeMs, new Date());
  for (const branch of stale) await destroyPreview(settings, app, branch);
  return stale;
}

/** Destroy all of APP's previews (previews:disable); the caller holds APP's lock. */
export async function destroyAllPreviews(settings: Settings, app: string): Promise<string[]> {
  const branches = listPreviews(settings, app).map((p) => p.branch);
  for (const branch of branches) await destroyPreview(settings, app, branch);
  return branches;
}
