import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT } from "../../support/harness.js";

/** Every module the client loads before it decides, following static imports only. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, "utf8");
  for (const [, type, spec] of text.matchAll(/^import\s+(type\s)?(?:[^;"]*?\sfrom\s+)?"([^"]+)";/gm)) {
    if (type) continue; // erased when compiled
    if (spec.startsWith("."))
      staticImports(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts")), seen);
    else seen.add(spec);
  }
  return seen;
}

test("the client loads no Docker client and none of the server's runtime, so it starts fast anywhere", () => {
  const loaded = [...staticImports(path.join(ROOT, "src/client/entry.ts"))];
  const packages = loaded.filter((m) => !m.startsWith("/"));
  assert.deepEqual(
    packages.filter((m) => !m.startsWith("node:")),
    [],
  );
  const modules = loaded
    .filter((m) => m.startsWith("/"))
    .map((m) => path.relative(path.join(ROOT, "src"), m));
  assert.ok(modules.includes("client/run-client.ts"), modules.join(" "));
  assert.deepEqual(
    modules.filter(
      (m) => /^(runtime|engine|proxy|release|daemon|build|template)\//.test(m) || m === "cli/main.ts",
    ),
    [],
  );
});
