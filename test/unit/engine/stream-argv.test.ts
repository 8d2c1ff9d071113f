import assert from "node:assert/strict";
import { test } from "node:test";
import { dumpArgv, undumpArgv, volumeTarArgv } from "../../../src/engine/stream-argv.js";
import { defaultSettings } from "../../../src/state/settings.js";

const settings = { ...defaultSettings, labels: { "slipway.test-run": "t1" } };

test("a pusher's backup and restore cmd run inside the service's container, never as docker flags", () => {
  const hostile = ["-v", "/:/host", "--privileged", "sh", "-c", "cat /etc/shadow"];
  // docker exec stops reading its own flags at the container name, so all of cmd is the command.
  assert.deepEqual(dumpArgv(settings, "slipway-shop.db.4.1", hostile), [
    "/usr/bin/docker",
    "exec",
    "slipway-shop.db.4.1",
    ...hostile,
  ]);
  assert.deepEqual(undumpArgv(settings, "c", ["x"]), ["/usr/bin/docker", "exec", "-i", "c", "x"]);
});

test("a volume is read by the service's image with no network, mounted read-only", () => {
  const argv = volumeTarArgv(settings, "slipway-shop.data", "shop:4");
  assert.deepEqual(argv.slice(argv.indexOf("-v"), argv.indexOf("-v") + 2), [
    "-v",
    "slipway-shop.data:/data:ro",
  ]);
  assert.deepEqual(argv.slice(argv.indexOf("--network"), argv.indexOf("--network") + 2), [
    "--network",
    "none",
  ]);
  assert.ok(argv.includes("slipway.test-run=t1"), "labelled for cleanup");
});
