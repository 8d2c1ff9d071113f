import type { CronEntry } from "./cron-entries.js";

const PRUNE = "previews:auto-prune";
/** Daily at 04:30 local time, after the certificate renewals' window has mostly passed. */
const SCHEDULE = "0 30 4 * * *";

/** slipwayd's own job: destroy previews older than the previews.maxAgeDays setting (docs/previews.md). */
export function previewPruneEntry(): CronEntry {
  return {
    key: JSON.stringify([PRUNE, SCHEDULE]),
    name: PRUNE,
    schedule: SCHEDULE,
    argv: [PRUNE],
    fields: { job: PRUNE, schedule: SCHEDULE },
  };
}
