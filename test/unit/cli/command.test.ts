import { test } from "node:test";
import assert from "node:assert/strict";
import { existingAppArg, splitCommandTail, type Command } from "../../../src/cli/command.js";

const flags: Command["flags"] = { service: { type: "string", short: "s" }, tty: { type: "boolean", short: "t" } };

test("splitCommandTail keeps our options and passes the command's own flags verbatim", () => {
  assert.deepEqual(splitCommandTail(["demo", "-t", "sh", "-c", "echo hi"], flags), [["demo", "-t"], ["sh", "-c", "echo hi"]]);
  assert.deepEqual(splitCommandTail(["demo", "--service", "worker", "ls", "-la"], flags), [["demo", "--service", "worker"], ["ls", "-la"]]);
  assert.deepEqual(splitCommandTail(["-s", "worker", "demo", "--service=x", "env"], flags), [["-s", "worker", "demo", "--service=x"], ["env"]]);
  assert.deepEqual(splitCommandTail(["demo", "--", "--help"], flags), [["demo"], ["--help"]]);
  assert.deepEqual(splitCommandTail(["demo", "-t"], flags), [["demo", "-t"], []]);
});

test("existingAppArg: a command whose usage starts with APP names an app that must exist, unless it makes one", () => {
  const cmd = (usage: string, appMayBeMissing?: boolean): Command => ({ name: usage.split(" ")[0], usage, summary: "", remote: true, scope: "admin", appMayBeMissing, run: async () => {} });
  assert.equal(existingAppArg(cmd("config:set APP KEY=VALUE..."), ["ghost", "X=1"]), "ghost");
  assert.equal(existingAppArg(cmd("run APP [--service S] [-t] CMD..."), ["ghost"]), "ghost");
  assert.equal(existingAppArg(cmd("apps:create APP", true), ["ghost"]), undefined);
  assert.equal(existingAppArg(cmd("certs:report [APP] [--json]"), ["ghost"]), undefined);
  assert.equal(existingAppArg(cmd("deploy TEMPLATE.yml|- NAME"), ["-", "ghost"]), undefined);
  assert.equal(existingAppArg(cmd("config APP [--json]"), []), undefined, "the command's own usage error says what is missing");
});
