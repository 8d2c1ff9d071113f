import type { CronEntry } from "./cron-entries.js";

/** Daily at 04:17, after the night's certificate renewals, so a build in the day keeps its cache. */
export const PRUNE_SCHEDULE = "0 17 4 * * *";

/** slipwayd's own daily `prune`: leftovers, untagged images and old build cache (dokku#7061). */
export function pruneEntry(): CronEntry {
  return {
    key: JSON.stringify(["prune", PRUNE_SCHEDULE]),
    name: "prune",
    schedule: PRUNE_SCHEDULE,
    argv: ["prune"],
    fields: { job: "prune", schedule: PRUNE_SCHEDULE },
  };
}
