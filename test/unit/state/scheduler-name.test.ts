import { test } from "node:test";
import assert from "node:assert/strict";
import { parseScheduler, schedulerOf } from "../../../src/state/scheduler-name.js";

test("the app's choice wins over the setting, and single-host is the default", () => {
  assert.equal(schedulerOf(undefined), "docker");
  assert.equal(schedulerOf({}, "swarm"), "swarm");
  assert.equal(schedulerOf({ scheduler: "docker" }, "swarm"), "docker");
  assert.throws(() => schedulerOf({}, "k8s"), /scheduler "k8s" in settings.json is unknown/);
  assert.equal(parseScheduler("swarm"), "swarm");
  assert.throws(() => parseScheduler("nomad"), /unknown scheduler "nomad"/);
});
