import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { publicCommands } from "../../../src/cli/command-table.js";
import { REFERENCE_MARKER, renderCommandReference } from "../../../src/cli/render-command-reference.js";
import { ROOT } from "../../support/harness.js";

const docs = fs.readFileSync(path.join(ROOT, "docs/commands.md"), "utf8");

test("docs/commands.md ends with the reference generated from the command table (run `npm run docs`)", () => {
  const at = docs.indexOf(REFERENCE_MARKER);
  assert.ok(at >= 0, "docs/commands.md has no generated reference; run `npm run docs`");
  assert.equal(docs.slice(at), renderCommandReference(), "docs/commands.md is stale; run `npm run docs`");
});

test("every public command is in the reference, with its usage", () => {
  const reference = renderCommandReference();
  const missing = publicCommands.filter(
    (c) => !c.hidden && !reference.includes(`\`${c.usage.replaceAll("|", "\\|")}\``),
  );
  assert.deepEqual(
    missing.map((c) => c.name),
    [],
  );
  assert.match(reference, /`releases APP \[--json\]`/);
  assert.match(reference, /`rollback APP \[RELEASE\] \[--json\]` .* \| its apps \| app session \|/);
});

/** The positional words of a usage line's first form: `deploy TEMPLATE.yml|- NAME [--remote URL]` gives TEMPLATE.yml|- and NAME. */
function usageNames(usage: string): string[] {
  const words = usage
    .split(" | ")[0]
    .replace(/\[-[^\]]*\]/g, "")
    .replace(/<.*$/, "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(1);
  const names: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i].startsWith("-")) {
      if (/^[A-Z]/.test(words[i + 1] ?? "")) i++; // the flag's value
      continue;
    }
    if (/^[[A-Za-z]/.test(words[i])) names.push(words[i].replace(/^\[|\]$/g, "").replace(/\.\.\.$/, ""));
  }
  return names;
}

test("each command's usage names the arguments it declares, in order", () => {
  // A command's tail (`run APP CMD...`) is passed verbatim: its usage may name more words there.
  const named = (c: (typeof publicCommands)[number]) =>
    usageNames(c.usage).slice(0, c.commandTail ? c.args.length : undefined);
  const differ = publicCommands
    .filter((c) => JSON.stringify(named(c)) !== JSON.stringify(c.args.map((a) => a.name)))
    .map((c) => `${c.usage}: declares ${c.args.map((a) => a.name).join(" ") || "nothing"}`);
  assert.deepEqual(differ, []);
});
