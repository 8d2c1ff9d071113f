import { test } from "node:test";
import assert from "node:assert/strict";
import { cronEntries, planCronChanges } from "../../../src/daemon/cron-entries.js";
import { nextRuns } from "../../../src/cli/commands/cron.js";
import { localTime } from "../../../src/cli/local-time.js";
import type { AppRecord } from "../../../src/state/app-state.js";
import type { CronJob } from "../../../src/template/template.js";

const job = (id: string, schedule = "0 3 * * *"): CronJob => ({
  id,
  schedule,
  service: "web",
  run: "echo hi",
});
const app = (name: string, cron?: CronJob[]): AppRecord =>
  ({
    name,
    createdAt: "",
    lastRelease: 1,
    current: cron && { template: { services: [], cron, source: "slipway.yml" } },
  }) as unknown as AppRecord;

test("cronEntries lists the live release's jobs of every deployed app, each run as cron:run", () => {
  const entries = cronEntries([app("a", [job("x"), job("y")]), app("b"), app("c", [])]);
  assert.deepEqual(
    entries.map((e) => e.name),
    ["a/x", "a/y"],
  );
  assert.deepEqual(entries[0].argv, ["cron:run", "a", "x", "--scheduled"]);
  assert.deepEqual(entries[0].fields, { app: "a", job: "x", service: "web", schedule: "0 3 * * *" });
});

test("planCronChanges keeps unchanged jobs' timers and replaces changed ones", () => {
  const before = cronEntries([app("a", [job("x"), job("y")])]);
  const after = cronEntries([app("a", [job("x"), job("y", "*/5 * * * *"), job("z")])]);
  const { stop, start } = planCronChanges(new Set(before.map((e) => e.key)), after);
  assert.deepEqual(stop, [before[1].key]);
  assert.deepEqual(
    start.map((e) => `${e.fields.job} ${e.schedule}`),
    ["y */5 * * * *", "z 0 3 * * *"],
  );
  assert.deepEqual(planCronChanges(new Set(after.map((e) => e.key)), []).stop.length, 3);
});

test("nextRuns gives croner's next times, with seconds patterns too", () => {
  const from = new Date("2026-01-01T10:00:00.000Z");
  assert.deepEqual(nextRuns("*/15 * * * * *", 3, from, 0), [
    "2026-01-01T10:00:15+00:00",
    "2026-01-01T10:00:30+00:00",
    "2026-01-01T10:00:45+00:00",
  ]);
});

test("run times are shown in local time with the offset, as the schedules run", () => {
  const at = new Date("2026-01-01T10:00:15.000Z");
  assert.equal(localTime(at, 60), "2026-01-01T11:00:15+01:00");
  assert.equal(localTime(at, -330), "2026-01-01T04:30:15-05:30");
  assert.equal(Date.parse(localTime(at, -330)), at.getTime());
});
