import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { publicCommands } from "../../../src/cli/command-table.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** The "Coming from Dokku" table's right-hand column, as `name` words in backticks. */
function slipwayNames(): string[] {
  const text = fs.readFileSync(path.join(ROOT, "docs", "commands.md"), "utf8");
  const section = text.split("## Coming from Dokku")[1].split("<!-- Generated")[0];
  const rows = section.split("\n").filter((l) => l.startsWith("| `"));
  const right = rows.map((row) => row.split(" | ")[1]);
  return right.flatMap((cell) => [...cell.matchAll(/`([a-z]+(?::[a-z-]+)?)\b[^`]*`/g)].map((m) => m[1]));
}

test("every Slipway command the 'Coming from Dokku' table names exists", () => {
  const known = new Set(publicCommands.map((c) => c.name));
  const named = slipwayNames();
  assert.ok(named.length >= 20, `the table names ${named.length} commands`);
  const others = new Set(["gitreceive", "nginx", "slipway"]);
  const missing = named.filter((n) => !known.has(n) && !others.has(n));
  assert.deepEqual(missing, []);
});
