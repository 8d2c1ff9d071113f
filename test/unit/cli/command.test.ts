import { test } from "node:test";
import assert from "node:assert/strict";
import {
  APP,
  arg,
  existingAppArg,
  many,
  optional,
  parsePositionals,
  splitCommandTail,
  type Arg,
  type Command,
} from "../../../src/cli/command.js";

const flags: Command["flags"] = {
  service: { type: "string", short: "s" },
  tty: { type: "boolean", short: "t" },
};

test("splitCommandTail keeps our options and passes the command's own flags verbatim", () => {
  assert.deepEqual(splitCommandTail(["demo", "-t", "sh", "-c", "echo hi"], flags), [
    ["demo", "-t"],
    ["sh", "-c", "echo hi"],
  ]);
  assert.deepEqual(splitCommandTail(["demo", "--service", "worker", "ls", "-la"], flags), [
    ["demo", "--service", "worker"],
    ["ls", "-la"],
  ]);
  assert.deepEqual(splitCommandTail(["-s", "worker", "demo", "--service=x", "env"], flags), [
    ["-s", "worker", "demo", "--service=x"],
    ["env"],
  ]);
  assert.deepEqual(splitCommandTail(["demo", "--", "--help"], flags), [["demo"], ["--help"]]);
  assert.deepEqual(splitCommandTail(["demo", "-t"], flags), [["demo", "-t"], []]);
});

const cmd = (usage: string, args: Arg[], appMayBeMissing?: boolean): Command => ({
  name: usage.split(" ")[0],
  usage,
  summary: "",
  remote: true,
  scope: "admin",
  args,
  appMayBeMissing,
  run: async () => {},
});

test("existingAppArg: a command whose first argument is APP names an app that must exist, unless it makes one", () => {
  assert.equal(
    existingAppArg(cmd("config:set APP KEY=VALUE...", [APP, many(arg("KEY=VALUE"))]), ["ghost", "X=1"]),
    "ghost",
  );
  assert.equal(existingAppArg(cmd("run APP [--service S] [-t] CMD...", [APP]), ["ghost"]), "ghost");
  assert.equal(existingAppArg(cmd("apps:create APP", [APP], true), ["ghost"]), undefined);
  assert.equal(existingAppArg(cmd("certs:report [APP] [--json]", [optional(APP)]), ["ghost"]), undefined);
  assert.equal(
    existingAppArg(cmd("deploy TEMPLATE.yml|- NAME", [arg("TEMPLATE.yml|-"), arg("NAME")]), ["-", "ghost"]),
    undefined,
  );
  assert.equal(
    existingAppArg(cmd("config APP [--json]", [APP]), []),
    undefined,
    "the count check says what is missing",
  );
});

test("parsePositionals checks the count against the declared arguments and parses each word", () => {
  const authRemove = cmd("auth:remove APP [USER]", [APP, optional(arg("USER", (u) => u.toUpperCase()))]);
  assert.deepEqual(parsePositionals(authRemove, ["shop.git", "alice"]), ["shop", "ALICE"]);
  assert.deepEqual(parsePositionals(authRemove, ["shop"]), ["shop"]);
  assert.throws(() => parsePositionals(authRemove, []), {
    code: "usage",
    message: "auth:remove takes APP [USER]",
  });
  assert.throws(() => parsePositionals(authRemove, ["a", "b", "c"]), {
    code: "usage",
    hint: "usage: auth:remove APP [USER]",
  });
  assert.throws(() => parsePositionals(authRemove, ["../x"]), { code: "app-name" });
  const unset = cmd("config:unset APP KEY...", [APP, many(arg("KEY"))]);
  assert.deepEqual(parsePositionals(unset, ["shop", "A", "B", "C"]), ["shop", "A", "B", "C"]);
  assert.throws(() => parsePositionals(unset, ["shop"]), { message: "config:unset takes APP KEY..." });
  const restore = cmd("ps:restore [APP...]", [optional(many(APP))]);
  assert.deepEqual(parsePositionals(restore, []), []);
  assert.throws(() => parsePositionals(restore, ["ok", "Bad Name"]), { code: "app-name" });
  assert.throws(() => parsePositionals(cmd("apps:list", []), ["extra"]), {
    message: "apps:list takes no arguments",
  });
});
