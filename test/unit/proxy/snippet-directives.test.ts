import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ALLOWED_DIRECTIVES, unsafeArguments } from "../../../src/proxy/snippet-directives.js";

test("docs/routing.md lists exactly the allowed directives, and each has its reason in the code", () => {
  const doc = fs.readFileSync(path.join(import.meta.dirname, "../../../docs/routing.md"), "utf8");
  const rows = doc
    .slice(doc.indexOf("| directives | what they reach |"))
    .split("\n\n")[0]
    .split("\n")
    .slice(2);
  const documented = rows.flatMap((row) => row.split("|")[1].replaceAll("`", "").trim().split(/\s+/));
  assert.deepEqual([...documented].sort(), [...ALLOWED_DIRECTIVES.keys()].sort());
  for (const [name, why] of ALLOWED_DIRECTIVES) assert.ok(why.length > 10, name);
});

test("names that are Object.prototype members are not directives", () => {
  for (const name of ["toString", "constructor", "hasOwnProperty", "__proto__"])
    assert.equal(ALLOWED_DIRECTIVES.has(name), false);
});

test("plain arguments pass", () => {
  assert.equal(unsafeArguments("add_header", ["X-Frame-Options", '"SAMEORIGIN"', "always"]), undefined);
  assert.equal(unsafeArguments("rewrite", ["^/(.*)$", "/app/$1", "break"]), undefined);
  assert.equal(unsafeArguments("proxy_buffers", ["8", "16k"]), undefined);
});
