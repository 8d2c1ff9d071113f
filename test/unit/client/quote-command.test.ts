import assert from "node:assert/strict";
import { test } from "node:test";
import { quoteCommand } from "../../../src/client/quote-command.js";
import { splitWords } from "../../../src/git/ssh-command.js";

test("the server splits the quoted command back into exactly the words the user typed", () => {
  const words = [
    "config:set",
    "app",
    "GREETING=hi there",
    "it's",
    `say "hi"`,
    `both ' and "`,
    "",
    "a\\b",
    "$HOME",
    "*",
    "x;y",
    "\ttab",
    "ünï",
    "-t",
  ];
  assert.deepEqual(splitWords(quoteCommand(words)), words);
});

test("plain words travel bare, anything else in single quotes", () => {
  assert.equal(quoteCommand(["run", "app", "sh", "-c", "exit 3"]), "run app sh -c 'exit 3'");
  assert.equal(
    quoteCommand(["config:set", "app", "URL=postgres://u@h:5432/db"]),
    "config:set app URL=postgres://u@h:5432/db",
  );
  assert.equal(quoteCommand(["it's"]), `'it'"'"'s'`);
  assert.equal(quoteCommand([""]), "''");
});
