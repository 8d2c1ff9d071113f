import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger, pruneOldLogs, staleLogFiles } from "../../../src/daemon/logger.js";
import { rotatedName, rotationRenames } from "../../../src/daemon/rotating-file.js";

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
  assert.deepEqual(staleLogFiles("/var/log/s/slipwayd.log", entries, 14 * DAY, NOW), [
    "/var/log/s/slipwayd2.log",
    "/var/log/s/slipwayd12.log",
  ]);
});

test("pruneOldLogs removes aged rotated files from the directory and keeps the rest", async () => {
  const dir = tmpDir();
  try {
    const now = Date.now();
    const make = (name: string, ageDays: number) => {
      fs.writeFileSync(path.join(dir, name), "{}\n");
      const t = new Date(now - ageDays * DAY);
      fs.utimesSync(path.join(dir, name), t, t);
    };
    make("slipwayd.log", 30);
    make("slipwayd1.log", 1);
    make("slipwayd2.log", 30);
    pruneOldLogs(path.join(dir, "slipwayd.log"), 14 * DAY, now);
    assert.deepEqual(fs.readdirSync(dir).sort(), ["slipwayd.log", "slipwayd1.log"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("createLogger writes JSON lines, rotating by size without losing a line in a burst", async () => {
  const dir = tmpDir();
  try {
    const log = createLogger(path.join(dir, "slipwayd.log"), {
      port: 0,
      logMaxBytes: 2000,
      logMaxFiles: 3,
      logMaxAgeDays: 14,
    });
    for (let i = 0; i < 100; i++) log.info("request", { n: i, path: "/api/v1/apps" });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      "slipwayd.log",
      "slipwayd1.log",
      "slipwayd2.log",
      "slipwayd3.log",
    ]);
    const oldestFirst = ["slipwayd3.log", "slipwayd2.log", "slipwayd1.log", "slipwayd.log"].map((f) =>
      fs.readFileSync(path.join(dir, f), "utf8"),
    );
    for (const text of oldestFirst) assert.ok(Buffer.byteLength(text) <= 2000);
    const numbers = oldestFirst
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).n);
    assert.equal(numbers.at(-1), 99);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => numbers[0] + i),
      "consecutive: no line lost",
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("rotationRenames shifts every file up by one, oldest first", () => {
  assert.equal(rotatedName("/l/slipwayd.log", 2), "/l/slipwayd2.log");
  assert.deepEqual(rotationRenames("/l/s.log", 3), [
    ["/l/s2.log", "/l/s3.log"],
    ["/l/s1.log", "/l/s2.log"],
    ["/l/s.log", "/l/s1.log"],
  ]);
  assert.deepEqual(rotationRenames("/l/s.log", 0), []);
});

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "slipway-logs-"));
}
