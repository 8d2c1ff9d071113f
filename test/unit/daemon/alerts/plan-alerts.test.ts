import assert from "node:assert/strict";
import { test } from "node:test";
import { planAlerts, type Observation } from "../../../../src/daemon/alerts/plan-alerts.js";
import { emptyAlertMemory } from "../../../../src/state/alerts/alert-memory.js";
import type { AlertEvent } from "../../../../src/state/alerts/alert-events.js";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-30T12:00:00Z");

function alert(event: AlertEvent["event"], message: string): AlertEvent {
  return { event, state: "firing", message, at: new Date(T0).toISOString(), details: {} };
}
const disk = (holds: boolean): Observation => ({
  key: "disk:/",
  holds,
  alert: alert("disk-full", holds ? "full" : "fine"),
});

test("a condition is sent when it starts, not again within the hour, again after it, and its end is announced", () => {
  let plan = planAlerts(emptyAlertMemory(), { observations: [disk(true)] }, T0, HOUR);
  assert.deepEqual(
    plan.send.map((a) => [a.event, a.state, a.message]),
    [["disk-full", "firing", "full"]],
  );
  plan = planAlerts(plan.memory, { observations: [disk(true)] }, T0 + HOUR - 1, HOUR);
  assert.equal(plan.send.length, 0, "held for under an hour: quiet");
  plan = planAlerts(plan.memory, { observations: [disk(true)] }, T0 + HOUR, HOUR);
  assert.equal(plan.send.length, 1, "an hour on: reminded");
  assert.equal(plan.send[0].details.since, new Date(T0).toISOString(), "the reminder says since when");
  plan = planAlerts(plan.memory, { observations: [disk(false)] }, T0 + HOUR + 5, HOUR);
  assert.deepEqual(
    plan.send.map((a) => [a.state, a.message]),
    [["resolved", "fine"]],
  );
  assert.deepEqual(plan.memory.keys, {});
  plan = planAlerts(plan.memory, { observations: [disk(false)] }, T0 + HOUR + 10, HOUR);
  assert.equal(plan.send.length, 0, "a recovery is announced once");
});

test("a condition that never held sends nothing", () => {
  const plan = planAlerts(emptyAlertMemory(), { observations: [disk(false)] }, T0, HOUR);
  assert.deepEqual(plan, { send: [], memory: emptyAlertMemory() });
});

test("a keyed happening is quiet for the window and then forgotten; an unkeyed one always goes", () => {
  const oom = { key: "oom:shop/web", alert: alert("oom-killed", "oom") };
  const deploy = { alert: alert("deploy-succeeded", "live") };
  let plan = planAlerts(emptyAlertMemory(), { happenings: [oom, deploy] }, T0, HOUR);
  assert.equal(plan.send.length, 2);
  plan = planAlerts(plan.memory, { happenings: [oom, deploy] }, T0 + 10, HOUR);
  assert.deepEqual(
    plan.send.map((a) => a.event),
    ["deploy-succeeded"],
  );
  plan = planAlerts(plan.memory, {}, T0 + HOUR, HOUR);
  assert.deepEqual(plan.memory.keys, {}, "the quiet window is over");
});

test("the memory in and out is not mutated in place", () => {
  const memory = emptyAlertMemory();
  planAlerts(memory, { observations: [disk(true)] }, T0, HOUR);
  assert.deepEqual(memory.keys, {});
});
