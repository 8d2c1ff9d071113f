import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parseEventList } from "../../../../src/state/alerts/alert-events.js";
import {
  addNotifier,
  maskUrl,
  parseNotifierName,
  parseWebhookUrl,
  readNotifiers,
  removeNotifier,
  wants,
} from "../../../../src/state/alerts/notifiers.js";

test("webhook URLs are checked at the boundary and shown only as scheme and host", () => {
  assert.equal(maskUrl("https://hooks.slack.com/services/T0/B0/secret?x=1"), "https://hooks.slack.com/…");
  assert.throws(() => parseWebhookUrl("ftp://x/y"), /http:\/\/ or https:\/\//);
  assert.throws(() => parseWebhookUrl("not a url"), /http:\/\/ or https:\/\//);
  assert.throws(() => parseNotifierName("Bad Name"), /invalid notifier name/);
  assert.equal(parseWebhookUrl("http://127.0.0.1:9/hook"), "http://127.0.0.1:9/hook");
});

test("--events names must be in the table", () => {
  assert.deepEqual(parseEventList("deploy-failed, disk-full,deploy-failed"), ["deploy-failed", "disk-full"]);
  assert.throws(() => parseEventList("deploy-failed,nope"), /unknown event "nope"/);
  assert.throws(() => parseEventList(","), /empty/);
});

test("notifiers are stored 0600, replaced by name, and filter their events", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-notify-"));
  process.env.SLIPWAY_STATE = dir;
  try {
    addNotifier({ name: "ops", url: "http://a/1", format: "json" });
    addNotifier({ name: "ops", url: "http://a/2", format: "slack", events: ["disk-full"] });
    const [ops] = readNotifiers();
    assert.equal(readNotifiers().length, 1);
    assert.equal(ops.url, "http://a/2");
    assert.equal(fs.statSync(path.join(dir, "notifiers.json")).mode & 0o777, 0o600);
    assert.equal(wants(ops, "disk-full"), true);
    assert.equal(wants(ops, "deploy-failed"), false);
    assert.equal(wants(ops, "test"), true);
    removeNotifier("ops");
    assert.deepEqual(readNotifiers(), []);
    assert.throws(() => removeNotifier("ops"), /no notifier named ops/);
  } finally {
    delete process.env.SLIPWAY_STATE;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
