import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { ROOT } from "../support/harness.js";

/**
 * The layers of src/, lowest first: a file may import its own layer and the layers below it, never one
 * above. "." is the files at the top of src/ (errors.ts, output.ts, print-error.ts) that everything may use.
 * docs/how-it-works.md draws the same list; change both together.
 */
const LAYERS = [
  ".",
  "system",
  "template",
  "state",
  "engine",
  "builders",
  "proxy",
  "release",
  "git",
  "backup",
  "daemon",
  "cli",
  "client",
];

const SRC = path.join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The layer a file under src/ belongs to: its top folder, or "." for the files at the top. */
function layerOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length === 1 ? "." : parts[0];
}

interface Import {
  from: string;
  to: string;
}

function localImports(file: string): Import[] {
  // TypeScript's own reading: imports, re-exports, `import type` and dynamic `import("x")`.
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => ({ from: file, to: path.resolve(path.dirname(file), spec).replace(/\.js$/, ".ts") }));
}

const files = sourceFiles(SRC);
const imports = files.flatMap(localImports);
const rel = (file: string) => path.relative(ROOT, file);

test("the layer test reads the imports of every file in src/", () => {
  assert.ok(files.length > 100, `only ${files.length} files found under ${SRC}`);
  assert.ok(imports.length > 300, `only ${imports.length} imports read`);
  const missing = imports.filter((i) => !fs.existsSync(i.to)).map((i) => `${rel(i.from)} → ${rel(i.to)}`);
  assert.deepEqual(missing, [], "every relative import resolves to a file the test can place in a layer");
});

test("every file in src/ is in a layer", () => {
  const unplaced = files.filter((f) => !LAYERS.includes(layerOf(f))).map(rel);
  assert.deepEqual(
    unplaced,
    [],
    `add the folder to LAYERS in ${rel(import.meta.filename)}, in its place in the pipeline`,
  );
});

test("no import runs up the layers", () => {
  const upward = imports
    .filter((i) => LAYERS.indexOf(layerOf(i.to)) > LAYERS.indexOf(layerOf(i.from)))
    .map((i) => `${rel(i.from)} (${layerOf(i.from)}) imports ${rel(i.to)} (${layerOf(i.to)})`);
  assert.deepEqual(upward, [], `layers, lowest first: ${LAYERS.join(" → ")}`);
});
