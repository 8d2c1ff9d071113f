import { test } from "node:test";
import assert from "node:assert/strict";
import { nextRunAt } from "../../../src/daemon/cron-scheduler.js";
import { renewalEntry, renewalSchedule } from "../../../src/daemon/renewal-entry.js";
import { SlipwayError } from "../../../src/errors.js";

const HOUR_MS = 3_600_000;
const hosts = Array.from({ length: 200 }, (_, i) => `host-${i}.example.org`);

test("without a setting, each host renews once a day at its own fixed time between 02:00 and 05:59", () => {
  assert.equal(renewalSchedule("", "web-1"), renewalSchedule("", "web-1"), "the same host keeps its time");
  const from = new Date(2026, 0, 10, 12, 0, 0); // local noon: schedules are read in local time, like cron's
  const times = hosts.map((host) => {
    const first = new Date(nextRunAt(renewalSchedule("", host), from));
    const second = new Date(nextRunAt(renewalSchedule("", host), first));
    assert.equal(second.getTime() - first.getTime(), 24 * HOUR_MS, host);
    assert.ok(first.getTime() - from.getTime() < 24 * HOUR_MS, host);
    assert.ok(first.getHours() >= 2 && first.getHours() <= 5, `${host}: ${first.toString()}`);
    return `${first.getHours()}:${first.getMinutes()}:${first.getSeconds()}`;
  });
  assert.ok(new Set(times).size > 190, "hosts are spread over the window, not bunched");
  assert.ok(new Set(times.map((t) => t.split(":")[0])).size === 4, "every hour of the window is used");
});

test("a configured pattern wins, and one croner refuses stops slipwayd with the setting's name", () => {
  assert.equal(renewalSchedule(" */2 * * * * * ", "web-1"), "*/2 * * * * *");
  for (const bad of ["every day", "0 0 30 2 *"]) {
    assert.throws(
      () => renewalSchedule(bad, "web-1"),
      (err: SlipwayError) => {
        assert.match(err.message, /letsencrypt\.renewSchedule .* is not a usable cron pattern/);
        assert.match(err.hint!, /5 fields/);
        return true;
      },
    );
  }
});

test("the renewal entry runs letsencrypt:auto-renew and is keyed by its schedule, so a new pattern replaces its timer", () => {
  const entry = renewalEntry("17 3 * * *");
  assert.deepEqual(entry.argv, ["letsencrypt:auto-renew"]);
  assert.equal(entry.name, "letsencrypt:auto-renew");
  assert.deepEqual(entry.fields, { job: "letsencrypt:auto-renew", schedule: "17 3 * * *" });
  assert.notEqual(renewalEntry("18 3 * * *").key, entry.key);
});
