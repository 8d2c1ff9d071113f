import { test } from "node:test";
import assert from "node:assert/strict";
import { isPreReceiveHook } from "../../../src/cli/hook-request.js";

test("only the hook's own command line takes the quick path; flags and help go through the full CLI", () => {
  assert.equal(isPreReceiveHook(["hook:pre-receive", "shop"]), true);
  assert.equal(isPreReceiveHook(["hook:pre-receive", "--help"]), false);
  assert.equal(isPreReceiveHook(["hook:pre-receive", "shop", "--verbose"]), false);
  assert.equal(isPreReceiveHook(["hook:pre-receive"]), false);
  assert.equal(isPreReceiveHook(["apps:list", "shop"]), false);
});
