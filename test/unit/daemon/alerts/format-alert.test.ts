import assert from "node:assert/strict";
import { test } from "node:test";
import { formatAlert } from "../../../../src/daemon/alerts/format-alert.js";
import { usedPercent } from "../../../../src/daemon/alerts/check-disk.js";
import type { AlertEvent } from "../../../../src/state/alerts/alert-events.js";

const alert: AlertEvent = {
  event: "deploy-failed",
  state: "firing",
  message: "deploying shop release 3 failed",
  at: "2026-11-30T12:00:00.000Z",
  app: "shop",
  details: { release: 3, seconds: 4.2 },
};

test("json is the event with its source and host", () => {
  assert.deepEqual(JSON.parse(formatAlert(alert, "json", "box")), {
    source: "slipway",
    host: "box",
    ...alert,
  });
});

test("slack is one text line with the details", () => {
  assert.deepEqual(JSON.parse(formatAlert(alert, "slack", "box")), {
    text: "[box] deploy-failed: deploying shop release 3 failed (release: 3, seconds: 4.2)",
  });
  assert.match(
    JSON.parse(formatAlert({ ...alert, state: "resolved" }, "slack", "box")).text,
    /^\[box\] resolved: /,
  );
});

test("disk use is counted as df does: root's reserve counts as used", () => {
  assert.equal(usedPercent({ blocks: 100, bfree: 20, bavail: 10 }), 88.9);
  assert.equal(usedPercent({ blocks: 0, bfree: 0, bavail: 0 }), 0);
});
