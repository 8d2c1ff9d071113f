import assert from "node:assert/strict";
import { test } from "node:test";
import { commandWords, parseClientCall, wantsTerminal } from "../../../src/client/client-call.js";

test("client options come before the command; the rest is the command as typed", () => {
  assert.deepEqual(parseClientCall(["logs", "-f"]), {
    remote: "slipway",
    app: undefined,
    words: ["logs", "-f"],
  });
  assert.deepEqual(
    parseClientCall(["--remote", "staging", "--app=other", "run", "mytool", "--remote", "x"]),
    {
      remote: "staging",
      app: "other",
      words: ["run", "mytool", "--remote", "x"],
    },
  );
  assert.deepEqual(parseClientCall(["--remote=prod"]).words, ["help"]);
  assert.throws(() => parseClientCall(["--remote"]), /--remote needs a value/);
  assert.throws(
    () => parseClientCall(["logs", "-f", "--remote", "staging"]),
    /--remote is the client's and goes before/,
  );
  assert.throws(() => parseClientCall(["run", "-s", "web", "--app=x", "ls"]), /--app is the client's/);
  assert.deepEqual(parseClientCall(["deploy", "-", "stack", "--remote", "https://h"]).words[3], "--remote");
});

test("the app goes right after a command that takes one; others pass as they are", () => {
  assert.deepEqual(commandWords(["config:set", "A=b c"], "myapp"), ["config:set", "myapp", "A=b c"]);
  assert.deepEqual(commandWords(["run", "-t", "sh"], "myapp"), ["run", "myapp", "-t", "sh"]);
  assert.deepEqual(commandWords(["apps:list", "--json"], "myapp"), ["apps:list", "--json"]);
});

test("a newline cannot cross an SSH command line, so it is refused before anything is sent", () => {
  assert.throws(
    () => commandWords(["config:set", "PEM=a\nb"], "myapp"),
    (err: { message: string; hint: string }) => {
      return /contains a newline/.test(err.message) && /config:set KEY --stdin/.test(err.hint);
    },
  );
});

test("run -t asks ssh for a terminal; a -t of the command being run does not", () => {
  assert.equal(wantsTerminal(["run", "-t", "sh"]), true);
  assert.equal(wantsTerminal(["run", "--service", "worker", "--tty", "sh"]), true);
  assert.equal(wantsTerminal(["run", "ls", "-t"]), false);
  assert.equal(wantsTerminal(["run", "--", "-t"]), false);
  assert.equal(wantsTerminal(["logs", "-t"]), false);
  assert.equal(wantsTerminal(["enter", "web"]), true);
});
