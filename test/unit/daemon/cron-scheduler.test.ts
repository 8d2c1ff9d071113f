import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import winston from "winston";
import { cronEntries } from "../../../src/daemon/cron-entries.js";
import { CronScheduler, nextRunAt } from "../../../src/daemon/cron-scheduler.js";
import type { AppRecord } from "../../../src/state/app-state.js";

const apps = [
  {
    name: "demo",
    current: {
      template: {
        services: [],
        cron: [{ id: "slow", schedule: "* * * * * *", service: "web", run: "sleep 3" }],
      },
    },
  },
] as unknown as AppRecord[];

function memoryLogger(lines: Array<Record<string, unknown>>): winston.Logger {
  const stream = new Writable({
    write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()),
  });
  return winston.createLogger({
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
}

test("a job still running when its next tick comes is skipped, logged, and runs again once it has finished", async () => {
  const lines: Array<Record<string, unknown>> = [];
  let calls = 0;
  let finish!: () => void;
  const scheduler = new CronScheduler(memoryLogger(lines), async (argv) => {
    assert.deepEqual(argv, ["cron:run", "demo", "slow", "--scheduled"]);
    calls++;
    await new Promise<void>((resolve) => (finish = resolve));
    return { exitCode: 3, output: "done\n" };
  });
  scheduler.sync(cronEntries(apps));
  await waitUntil(() => lines.some((l) => l.message === "cron run skipped"), 5000);
  assert.equal(calls, 1, "no second run while the first is going");
  finish();
  await waitUntil(() => calls === 2, 5000);
  scheduler.stop();
  finish();
  const finished = lines.find((l) => l.message === "cron run finished")!;
  assert.equal(finished.exitCode, 3);
  assert.equal(finished.level, "warn");
  assert.equal(finished.output, "done\n");
  assert.equal(typeof finished.durationMs, "number");
});

test("a pattern croner refuses leaves that job unscheduled and logged, and the others run", async () => {
  const lines: Array<Record<string, unknown>> = [];
  const ran: string[][] = [];
  const scheduler = new CronScheduler(
    memoryLogger(lines),
    async (argv) => (ran.push(argv), { exitCode: 0, output: "" }),
  );
  const [good] = cronEntries(apps);
  scheduler.sync([
    { ...good, key: "bad", name: "demo/bad", schedule: "not a pattern", fields: { app: "demo", job: "bad" } },
    good,
  ]);
  await waitUntil(() => ran.length > 0, 5000);
  scheduler.stop();
  assert.ok(
    lines.some((l) => l.message === "cron job not scheduled" && l.job === "bad" && l.level === "error"),
  );
  assert.ok(ran.every((argv) => argv[2] === "slow"));
});

async function waitUntil(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("nextRunAt is strictly after its start, by croner's reading of the pattern", () => {
  const from = new Date("2026-01-01T10:00:05.000Z");
  assert.equal(new Date(nextRunAt("*/5 * * * * *", from)).toISOString(), "2026-01-01T10:00:10.000Z");
  assert.equal(nextRunAt("0 0 30 2 *", from), Infinity, "February 30th never comes");
});
