import { test } from "node:test";
import assert from "node:assert/strict";
import { demuxLogs } from "../../../src/engine/log-frames.js";

function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

test("joins stdout and stderr frames in order without headers", () => {
  const buf = Buffer.concat([frame(1, "hello\n"), frame(2, "oops\n"), frame(1, "")]);
  assert.equal(demuxLogs(buf), "hello\noops\n");
});

test("a UTF-8 character split across frames survives", () => {
  const euro = Buffer.from("€");
  assert.equal(demuxLogs(Buffer.concat([frame(1, euro.subarray(0, 1)), frame(1, euro.subarray(1))])), "€");
});

test("empty input, a partial header, and a truncated last frame", () => {
  assert.equal(demuxLogs(Buffer.alloc(0)), "");
  assert.equal(demuxLogs(Buffer.concat([frame(1, "a"), Buffer.from([1, 0, 0])])), "a");
  assert.equal(demuxLogs(frame(1, "abcdef").subarray(0, 11)), "abc");
});
