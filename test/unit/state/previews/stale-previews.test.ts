import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAge, stalePreviews } from "../../../../src/state/previews/stale-previews.js";

test("--older-than takes days, hours or minutes, and refuses anything else", () => {
  assert.equal(parseAge("14d"), 14 * 86_400_000);
  assert.equal(parseAge("12h"), 12 * 3_600_000);
  assert.equal(parseAge("30m"), 30 * 60_000);
  for (const bad of ["", "14", "0d", "1w", "-1d", "1.5d", "1d2h"])
    assert.throws(() => parseAge(bad), { code: "usage" }, bad);
});

test("previews last pushed longer ago than the age are stale, the others are kept", () => {
  const now = new Date("2026-11-30T12:00:00Z");
  const previews = [
    { branch: "old", lastPush: "2026-11-01T12:00:00Z" },
    { branch: "edge", lastPush: "2026-11-16T12:00:00Z" },
    { branch: "new", lastPush: "2026-11-29T12:00:00Z" },
  ];
  assert.deepEqual(stalePreviews(previews, parseAge("14d"), now), ["old"]);
  assert.deepEqual(stalePreviews(previews, parseAge("1d"), now), ["old", "edge"]);
});
