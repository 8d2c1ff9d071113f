import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { templateSchema, type Node } from "../../../src/template/schema.js";

const docsFile = fileURLToPath(new URL("../../../docs/template.md", import.meta.url));

interface DocumentedKey {
  path: string;
  key: string;
  node: Node;
}

/** Every fixed key of the schema, found through keys, values, items and either, with its dotted path. */
function schemaKeys(node: Node, path: string): DocumentedKey[] {
  const own = Object.entries(node.keys ?? {}).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    return [{ path: childPath, key, node: child }, ...schemaKeys(child, childPath)];
  });
  const nested = [
    node.values && schemaKeys(node.values, `${path}.<name>`),
    node.items && schemaKeys(node.items, `${path}[]`),
    node.either?.values && schemaKeys(node.either.values, `${path}.<name>`),
    node.either?.items && schemaKeys(node.either.items, `${path}[]`),
  ];
  return [...own, ...nested.flatMap((n) => n ?? [])];
}

const keys = schemaKeys(templateSchema, "");

test("the schema walk reaches every level of the template", () => {
  const paths = keys.map((k) => k.path);
  for (const p of [
    "services",
    "services.<name>.ports",
    "services.<name>.health.interval",
    "route.port",
    "cron[].schedule",
    "cron[].id",
  ])
    assert.ok(paths.includes(p), p);
  assert.ok(keys.length >= 25, `only ${keys.length} keys`);
});

test("every schema key has its own doc and type", () => {
  for (const { path, node } of keys) {
    assert.ok(node.doc.trim().length > 0, `${path} has no doc`);
    assert.ok(node.type.trim().length > 0, `${path} has no type`);
  }
});

test("docs/template.md documents every key of the schema, with the schema's own words", () => {
  assert.ok(existsSync(docsFile), "docs/template.md is missing; it is generated from src/template/schema.ts");
  const docs = readFileSync(docsFile, "utf8");
  const missing = keys
    .filter(({ key, node }) => !docs.includes(`\`${key}\``) || !docs.includes(node.doc))
    .map((k) => k.path);
  assert.deepEqual(
    missing,
    [],
    `keys missing from docs/template.md (name in backticks, or its doc text): ${missing.join(", ")}`,
  );
});

test("docs/template.md shows the example of every key that has one", () => {
  assert.ok(existsSync(docsFile), "docs/template.md is missing");
  const docs = readFileSync(docsFile, "utf8");
  const missing = keys
    .filter((k) => k.node.example !== undefined && !docs.includes(k.node.example))
    .map((k) => `${k.path} (${k.node.example})`);
  assert.deepEqual(missing, []);
});

test("docs/template.md is exactly what the schema renders (run `npm run docs` after editing the schema)", async () => {
  const { renderReference } = await import("../../../src/template/render-reference.js");
  assert.equal(readFileSync(docsFile, "utf8"), renderReference());
});
