import { test } from "node:test";
import assert from "node:assert/strict";
import { nextRunAt } from "../../../src/daemon/cron-scheduler.js";
import { PRUNE_SCHEDULE, pruneEntry } from "../../../src/daemon/prune-entry.js";

test("slipwayd prunes once a day at 04:17 with `slipway prune`", () => {
  const from = new Date(2026, 10, 30, 12, 0, 0);
  const next = nextRunAt(PRUNE_SCHEDULE, from);
  assert.equal(new Date(next).getHours(), 4);
  assert.equal(new Date(next).getMinutes(), 17);
  assert.equal(next - from.getTime(), (16 * 60 + 17) * 60_000);
  assert.deepEqual(pruneEntry().argv, ["prune"]);
});
