import { test } from "node:test";
import assert from "node:assert/strict";
import { parseProcfile } from "../../../src/builders/procfile.js";

test("parses types and commands, skipping blank lines and comments", () => {
  const text =
    "# processes\nweb: node server.js --port $PORT\n\n  worker:   bundle exec sidekiq  \r\nclock:node clock.js\n";
  assert.deepEqual(parseProcfile(text), {
    web: "node server.js --port $PORT",
    worker: "bundle exec sidekiq",
    clock: "node clock.js",
  });
});

test("keeps colons inside the command", () => {
  assert.deepEqual(parseProcfile("web: env A=b:c ./run --bind 0.0.0.0:$PORT"), {
    web: "env A=b:c ./run --bind 0.0.0.0:$PORT",
  });
});

test("an empty Procfile has no types", () => {
  assert.deepEqual(parseProcfile(""), {});
  assert.deepEqual(parseProcfile("\n# nothing yet\n"), {});
});

test("a line without a type, or a type without a command, is an error naming the line", () => {
  assert.throws(
    () => parseProcfile("web: ok\nnode server.js\n"),
    /Procfile line 2: expected "type: command", got "node server.js"/,
  );
  assert.throws(() => parseProcfile("web:\n"), /Procfile line 1: expected "type: command"/);
  assert.throws(() => parseProcfile("we b: x\n"), /Procfile line 1/);
});

test("a type defined twice is an error", () => {
  assert.throws(
    () => parseProcfile("web: a\nweb: b\n"),
    /Procfile line 2: process type "web" is defined twice/,
  );
});
