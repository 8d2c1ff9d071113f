import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SlipwayError } from "../../../src/errors.js";
import { loadTemplate } from "../../../src/template/load-template.js";

const dir = fileURLToPath(new URL("../../fixtures/templates/bad/", import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => f.slice(0, -4))
  .sort();

/** The problem lines of a bad-template message: everything after its "has N problems:" header. */
function problemLines(message: string): string[] {
  const [header, ...rest] = message.split("\n");
  assert.match(header, /^slipway\.yml has (a problem|\d+ problems):$/);
  return rest.map((l) => l.replace(/^ {2}/, ""));
}

test("the corpus holds at least 35 malformed templates, each with its expected message", () => {
  assert.ok(names.length >= 35, `only ${names.length} fixtures`);
  const expected = readdirSync(dir)
    .filter((f) => f.endsWith(".expected"))
    .map((f) => f.slice(0, -9))
    .sort();
  assert.deepEqual(expected, names);
});

for (const name of names) {
  test(`bad template: ${name}`, () => {
    const text = readFileSync(`${dir}${name}.yml`, "utf8");
    const want = readFileSync(`${dir}${name}.expected`, "utf8")
      .split("\n")
      .filter((l) => l !== "");
    let caught: unknown;
    try {
      loadTemplate(text, "slipway.yml");
    } catch (err) {
      caught = err;
    }
    assert.ok(
      caught instanceof SlipwayError,
      `${name}: loadTemplate accepted it (or threw ${String(caught)})`,
    );
    assert.equal(caught.code, "bad-template");
    assert.match(caught.hint ?? "", /Nothing was changed/);
    const count = want.length === 1 ? "a problem" : `${want.length} problems`;
    assert.ok(caught.message.startsWith(`slipway.yml has ${count}:\n`), caught.message);
    assert.deepEqual(problemLines(caught.message), want);
  });
}

test("the file name given to loadTemplate is the one every problem line names", () => {
  const text = readFileSync(`${dir}ports-duplicate-number.yml`, "utf8");
  assert.throws(
    () => loadTemplate(text, "deploy/stack.yml"),
    (err: SlipwayError) => {
      assert.equal(
        err.message,
        'deploy/stack.yml has a problem:\n  deploy/stack.yml:4:32 services.web.ports.admin: port 5000 is already used by port "http"',
      );
      assert.match(err.hint ?? "", /fix deploy\/stack\.yml/);
      return true;
    },
  );
});
