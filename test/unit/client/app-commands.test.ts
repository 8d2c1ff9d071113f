import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { APP_COMMANDS } from "../../../src/client/app-commands.js";
import { ROOT, run } from "../../support/harness.js";

test("the client fills in APP for exactly the commands whose usage starts with APP", async () => {
  const help = await run(["node", "--import", "tsx", path.join(ROOT, "src/cli/main.ts"), "help"], {
    cwd: ROOT,
  });
  assert.equal(help.code, 0, help.stderr);
  const taking = new Set([...help.stdout.matchAll(/^\s+(\S+) (?:APP|\[APP\])\s/gm)].map((m) => m[1]));
  assert.ok(taking.has("config:set") && taking.has("run"), help.stdout);
  const missing = [...taking].filter((name) => !APP_COMMANDS.has(name));
  const extra = [...APP_COMMANDS].filter((name) => !taking.has(name));
  assert.deepEqual(
    { missing, extra },
    { missing: [], extra: [] },
    "keep src/client/app-commands.ts in step with the usages",
  );
});
