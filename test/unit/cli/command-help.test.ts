import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { test } from "node:test";
import {
  commandHelpText,
  helpText,
  parseArgsError,
  unknownCommandError,
} from "../../../src/cli/command-help.js";
import { publicCommands } from "../../../src/cli/command-table.js";
import { flagsOf, type Command } from "../../../src/cli/command.js";

const releases = publicCommands.find((c) => c.name === "releases")!;

function parseError(command: Command, args: string[]): Error {
  try {
    parseArgs({ args, options: flagsOf(command), allowPositionals: true, strict: true });
  } catch (err) {
    return err as Error;
  }
  throw new Error("parseArgs accepted it");
}

test("help fits 100 columns, locally and over ssh", () => {
  for (const remote of [false, true]) {
    const long = helpText(publicCommands, remote)
      .split("\n")
      .filter((l) => l.length > 100);
    assert.deepEqual(long, []);
  }
  assert.match(helpText(publicCommands, false), /^  apps:list \[--json\] +list apps/m);
});

test("a typo in a command name gets the closest command, as a usage error (exit 2)", () => {
  const err = unknownCommandError(
    "confg:set",
    publicCommands.map((c) => c.name),
    true,
  );
  assert.equal(err.message, 'unknown command "confg:set"; did you mean config:set?');
  assert.equal(err.exitCode, 2);
  assert.equal(
    unknownCommandError("frobnicate", ["config:set"], false).message,
    'unknown command "frobnicate"',
  );
});

test("parseArgs' own text never reaches the user: the option, the command and its usage do", () => {
  const unknown = parseArgsError(parseError(releases, ["myapp", "--tail"]), releases);
  assert.equal(unknown.message, "releases has no option --tail");
  assert.equal(unknown.hint, "usage: releases APP [--json]");
  assert.equal(unknown.exitCode, 2);
  assert.equal(
    parseArgsError(parseError(releases, ["--jsn"]), releases).message,
    "releases has no option --jsn; did you mean --json?",
  );
  assert.equal(
    parseArgsError(parseError(releases, ["--json=yes"]), releases).message,
    "--json takes no value",
  );
  assert.doesNotMatch(unknown.message + unknown.hint, /positional|place it at the end/);
});

test("COMMAND --help shows that command's usage and options", () => {
  assert.equal(
    commandHelpText(releases, true),
    "usage: ssh git@HOST releases APP [--json]\n  every release of the deployment, newest first\noptions: --json\n",
  );
});
