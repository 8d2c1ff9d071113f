import { test } from "node:test";
import assert from "node:assert/strict";
import { warnOnChange } from "../../../src/daemon/follow-swarm.js";

test("the swarm watcher warns when a problem starts or changes, not on every 3 s tick it lasts", () => {
  const logged: string[] = [];
  const warn = warnOnChange({
    warn: ((message: string, meta: { error: string }) => logged.push(`${message}: ${meta.error}`)) as never,
  });
  for (let tick = 0; tick < 3; tick++)
    warn("cluster", "could not read the cluster record", { error: "bad JSON" });
  warn("app shop", "could not follow swarm tasks", { app: "shop", error: "no such service" });
  warn("cluster", "could not read the cluster record", { error: "permission denied" });
  warn("cluster", undefined); // readable again
  warn("cluster", "could not read the cluster record", { error: "permission denied" });
  assert.deepEqual(logged, [
    "could not read the cluster record: bad JSON",
    "could not follow swarm tasks: no such service",
    "could not read the cluster record: permission denied",
    "could not read the cluster record: permission denied",
  ]);
});
