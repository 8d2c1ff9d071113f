import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isPreReceiveHook, preReceiveModule } from "../../../src/cli/hook-request.js";

test("only the hook's own command line takes the quick path; flags and help go through the full CLI", () => {
  assert.equal(isPreReceiveHook(["hook:pre-receive", "shop"]), true);
  assert.equal(isPreReceiveHook(["hook:pre-receive", "--help"]), false);
  assert.equal(isPreReceiveHook(["hook:pre-receive", "shop", "--verbose"]), false);
  assert.equal(isPreReceiveHook(["hook:pre-receive"]), false);
  assert.equal(isPreReceiveHook(["apps:list", "shop"]), false);
});

test("the hook loads the bundle when the build made one after the modules, and the modules otherwise", () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-dist-"));
  try {
    fs.mkdirSync(path.join(dist, "cli"));
    const cli = pathToFileURL(path.join(dist, "cli") + "/");
    const modules = path.join(dist, "cli", "pre-receive-hook.js");
    const bundle = path.join(dist, "hook", "pre-receive.js");
    fs.writeFileSync(modules, "");
    assert.equal(preReceiveModule(cli), pathToFileURL(modules).href, "no bundle: the modules");
    fs.mkdirSync(path.dirname(bundle));
    fs.writeFileSync(bundle, "");
    fs.utimesSync(modules, new Date(1_000_000), new Date(1_000_000));
    assert.equal(preReceiveModule(cli), pathToFileURL(bundle).href, "bundled after tsc: the bundle");
    // tsc ran again and the bundler did not: the bundle holds older code.
    fs.utimesSync(bundle, new Date(500_000), new Date(500_000));
    assert.equal(preReceiveModule(cli), pathToFileURL(modules).href, "a stale bundle is passed over");
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
