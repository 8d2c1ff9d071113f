import { test } from "node:test";
import assert from "node:assert/strict";
import { staleLogFiles } from "../../../src/daemon/logger.js";

const DAY = 86_400_000;
const NOW = 100 * DAY;

test("staleLogFiles picks rotated files past the age limit and never the live file", () => {
  const entries = [
    { name: "slipwayd.log", mtimeMs: 0 },
    { name: "slipwayd1.log", mtimeMs: NOW - DAY },
    { name: "slipwayd2.log", mtimeMs: NOW - 20 * DAY },
    { name: "slipwayd12.log", mtimeMs: NOW - 30 * DAY },
    { name: "other.log", mtimeMs: 0 },
    { name: "slipwayd.log.bak", mtimeMs: 0 },
  ];
  assert.deepEqual(staleLogFiles("/var/log/s/slipwayd.log", entries, 14 * DAY, NOW), ["/var/log/s/slipwayd2.log", "/var/log/s/slipwayd12.log"]);
});
