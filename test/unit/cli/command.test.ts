import { test } from "node:test";
import assert from "node:assert/strict";
import { splitCommandTail, type Command } from "../../../src/cli/command.js";

const flags: Command["flags"] = { service: { type: "string", short: "s" }, tty: { type: "boolean", short: "t" } };

test("splitCommandTail keeps our options and passes the command's own flags verbatim", () => {
  assert.deepEqual(splitCommandTail(["demo", "-t", "sh", "-c", "echo hi"], flags), [["demo", "-t"], ["sh", "-c", "echo hi"]]);
  assert.deepEqual(splitCommandTail(["demo", "--service", "worker", "ls", "-la"], flags), [["demo", "--service", "worker"], ["ls", "-la"]]);
  assert.deepEqual(splitCommandTail(["-s", "worker", "demo", "--service=x", "env"], flags), [["-s", "worker", "demo", "--service=x"], ["env"]]);
  assert.deepEqual(splitCommandTail(["demo", "--", "--help"], flags), [["demo"], ["--help"]]);
  assert.deepEqual(splitCommandTail(["demo", "-t"], flags), [["demo", "-t"], []]);
});
