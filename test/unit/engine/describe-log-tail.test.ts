import { test } from "node:test";
import assert from "node:assert/strict";
import { describeLogTail } from "../../../src/engine/gate-failure.js";

test("a failed container's last log lines follow the error, indented, without blank edges", () => {
  const said = describeLogTail("\nstarting\r\nport 5000 taken\n\n");
  assert.equal(said, "; its last log lines:\n       starting\n       port 5000 taken\n");
});

test("a log with nothing visible in it is said so, never 'its last log lines:' followed by nothing", () => {
  for (const logs of ["", "\n", "  \r\n\n", "\t\n \n"]) {
    assert.equal(describeLogTail(logs), "; it wrote nothing to its log", JSON.stringify(logs));
  }
});
