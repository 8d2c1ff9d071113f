import assert from "node:assert/strict";
import { test } from "node:test";
import { isClientMode } from "../../../src/client/client-mode.js";

const server = () => true;
const laptop = () => false;

test("off a server, slipway is a client; on a server it runs the command itself", () => {
  assert.equal(isClientMode(["releases"], {}, laptop), true);
  assert.equal(isClientMode(["releases"], {}, server), false);
});

test("a leading --remote or --app, or SLIPWAY_CLIENT=1, makes it a client even on a server", () => {
  assert.equal(isClientMode(["--remote", "staging", "releases"], {}, server), true);
  assert.equal(isClientMode(["--app=other", "releases"], {}, server), true);
  assert.equal(isClientMode(["releases"], { SLIPWAY_CLIENT: "1" }, server), true);
  assert.equal(isClientMode(["releases"], { SLIPWAY_CLIENT: "0" }, laptop), false);
});

test("Slipway's own entry points and deploy's API client always run here", () => {
  for (const argv of [
    ["ssh-serve", "tester"],
    ["hook:pre-receive", "app"],
    ["internal:retire", "a", "b"],
  ]) {
    assert.equal(isClientMode(argv, { SLIPWAY_CLIENT: "1" }, laptop), false, argv[0]);
  }
  assert.equal(isClientMode(["deploy", "stack.yml", "app", "--remote", "https://h"], {}, laptop), false);
  assert.equal(isClientMode(["deploy", "-", "app"], {}, laptop), true);
});
