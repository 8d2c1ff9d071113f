import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  boundOutput,
  KEPT_OUTPUTS,
  listPushes,
  loadPushOutput,
  savePushOutput,
} from "../../../src/state/push-output.js";

test("boundOutput keeps the end, cut at a line, and says what it left out", () => {
  assert.equal(boundOutput("short\n", 100), "short\n");
  const text = "line one\nline two\nline three\n";
  assert.equal(boundOutput(text, 15), `[${text.length - 15} earlier bytes not kept]\nline three\n`);
});

test("savePushOutput keeps the newest outputs, 0600, and removes the ones it drops", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "push-output-"));
  process.env.SLIPWAY_STATE = dir;
  try {
    for (let n = 1; n <= KEPT_OUTPUTS + 2; n++)
      savePushOutput("shop", { release: n, ok: n !== 3, at: "" }, `out ${n}\n`);
    const kept = listPushes("shop");
    assert.equal(kept.length, KEPT_OUTPUTS);
    assert.equal(kept[0].release, KEPT_OUTPUTS + 2, "newest first");
    assert.equal(loadPushOutput("shop", 1), undefined, "the oldest is gone");
    assert.equal(loadPushOutput("shop", 3), "out 3\n");
    const file = path.join(dir, "apps", "shop", "outputs", "3.log");
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  } finally {
    delete process.env.SLIPWAY_STATE;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
