import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSshCommand, splitWords } from "../../../src/git/ssh-command.js";

const remote = new Set(["apps:list", "logs"]);
const refused = { name: "SlipwayError", code: "ssh-refused" };

test("git pack services become git requests with a clean app name", () => {
  assert.deepEqual(parseSshCommand("git-receive-pack 'app'", remote), {
    kind: "git",
    service: "git-receive-pack",
    app: "app",
  });
  assert.deepEqual(parseSshCommand("git-upload-pack '/app.git'", remote), {
    kind: "git",
    service: "git-upload-pack",
    app: "app",
  });
});

test("remote commands in the set pass through as argv", () => {
  assert.deepEqual(parseSshCommand("logs myapp --tail 5", remote), {
    kind: "command",
    argv: ["logs", "myapp", "--tail", "5"],
  });
  assert.deepEqual(parseSshCommand("apps:list", remote), { kind: "command", argv: ["apps:list"] });
});

test("an empty or missing command means help", () => {
  assert.deepEqual(parseSshCommand(undefined, remote), { kind: "command", argv: ["help"] });
  assert.deepEqual(parseSshCommand("", remote), { kind: "command", argv: ["help"] });
  assert.deepEqual(parseSshCommand("   ", remote), { kind: "command", argv: ["help"] });
});

test("shells, scp and unknown commands are refused", () => {
  for (const cmd of ["bash", "sh -c id", "scp -t /tmp", "sftp-server", "apps:list;id", "internal:deploy x"]) {
    assert.throws(() => parseSshCommand(cmd, remote), refused, cmd);
  }
});

test("a typo of a remote command goes on to dispatch, which suggests the command", () => {
  const typo = (verb: string) => verb === "apps:lst" || verb === "apps:lst;id";
  assert.deepEqual(parseSshCommand("apps:lst --json", remote, typo), {
    kind: "command",
    argv: ["apps:lst", "--json"],
  });
  assert.throws(() => parseSshCommand("apps:lst;id", remote, typo), refused);
  assert.throws(() => parseSshCommand("apps:lst", remote), refused);
});

test("git services refuse bad app names and extra or missing arguments", () => {
  assert.throws(() => parseSshCommand("git-receive-pack '../../etc'", remote), { code: "app-name" });
  assert.throws(() => parseSshCommand("git-receive-pack 'app' extra", remote), refused);
  assert.throws(() => parseSshCommand("git-receive-pack", remote), refused);
});

test("control characters and unbalanced quotes are refused", () => {
  assert.throws(() => parseSshCommand("git-receive-pack 'app'\nbash", remote), refused);
  assert.throws(() => parseSshCommand("git-receive-pack 'app'\r", remote), refused);
  assert.throws(() => parseSshCommand("git-receive-pack 'app", remote), refused);
  assert.throws(() => splitWords('logs "x'), /unbalanced/);
});

test("long refused commands are shortened in the message", () => {
  assert.throws(
    () => parseSshCommand("x".repeat(100), remote),
    (e: any) => e.message.includes("x".repeat(57) + "...") && !e.message.includes("x".repeat(58)),
  );
});

test("splitWords handles quotes and whitespace but expands nothing", () => {
  assert.deepEqual(splitWords(`  a\t'b c'  "d'e" '' $HOME `), ["a", "b c", "d'e", "", "$HOME"]);
  assert.deepEqual(splitWords(`x'y'"z"`), ["xyz"]);
  assert.deepEqual(splitWords(""), []);
});
