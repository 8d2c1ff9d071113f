import assert from "node:assert/strict";
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The package each bare import in src/ names ("@scope/pkg/sub" is "@scope/pkg"), but not node's own. */
function importedPackages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of fs.readdirSync(path.join(ROOT, "src"), { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts")) continue;
    const text = fs.readFileSync(path.join(ROOT, "src", file), "utf8");
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (/^(\.|node:)/.test(fileName) || builtinModules.includes(fileName)) continue;
      const parts = fileName.split("/");
      found.set(fileName.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0], `src/${file}`);
    }
  }
  return found;
}

type PackageJson = { dependencies: Record<string, string> };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;

test("every dependency in package.json is imported in src/, so servers install nothing unused", () => {
  const imported = importedPackages();
  assert.deepEqual(
    Object.keys(pkg.dependencies).filter((name) => !imported.has(name)),
    [],
  );
});

test("every package src/ imports is a dependency in package.json (not only a devDependency)", () => {
  const undeclared = [...importedPackages()].filter(([name]) => !(name in pkg.dependencies));
  assert.deepEqual(
    undeclared.map(([name, file]) => `${name} (${file})`),
    [],
  );
});
