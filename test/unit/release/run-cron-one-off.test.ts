import assert from "node:assert/strict";
import { test } from "node:test";
import { LineCollector } from "../../../src/release/run-cron-one-off.js";

test("output is split into stamped lines across chunk boundaries, and a last line without newline is kept", () => {
  const c = new LineCollector();
  c.push(Buffer.from("one\ntw"));
  c.push(Buffer.from("o\n"));
  c.push(Buffer.from("three"));
  const lines = c.end();
  assert.deepEqual(
    lines.map((l) => l.text),
    ["one", "two", "three"],
  );
  assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.time)));
});
