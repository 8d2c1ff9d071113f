import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { ROOT } from "../support/harness.js";

// npm test builds first, so this checks the build every push in the suite runs its hook from.
const BUNDLE = path.join(ROOT, "dist", "hook", "pre-receive.js");

test("the build bundles the hook into one file, which is what the entry point loads", async () => {
  const { preReceiveModule } = (await import(
    pathToFileURL(path.join(ROOT, "dist", "cli", "hook-request.js")).href
  )) as typeof import("../../src/cli/hook-request.js");
  assert.equal(preReceiveModule(), pathToFileURL(BUNDLE).href);
  const text = fs.readFileSync(BUNDLE, "utf8");
  // Nothing of Slipway's own is left to load beside it: only packages and node's modules.
  const relative = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(relative, []);
  // Its paths to files outside dist/ still land in the checkout, as from dist/cli.
  for (const [, rel] of text.matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g))
    assert.ok(fs.existsSync(new URL(rel, pathToFileURL(BUNDLE))), `${rel} from the bundle`);
  assert.equal(typeof (await import(pathToFileURL(BUNDLE).href)).runPreReceiveHook, "function");
});
