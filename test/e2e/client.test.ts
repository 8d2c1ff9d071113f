import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { quoteCommand } from "../../src/client/quote-command.js";
import { SLIPWAY_BIN, run, useServerWithApp, type RunResult } from "../support/harness.js";

describe("the slipway client on a developer's machine", () => {
  const { h, work } = useServerWithApp("hello");
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-no-remote-"));
  const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
  // SLIPWAY_CLIENT=1: this test machine is also a Slipway server, where slipway would run commands itself.
  const clientEnv = () => ({ ...h.clientEnv(), SLIPWAY_CLIENT: "1" });
  const client = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
    run([SLIPWAY_BIN, ...args], { cwd: opts.cwd ?? work().dir, env: clientEnv(), input: opts.input });

  before(async () => {
    ok(await work().push(h.remoteUrl("hello")));
    ok(await work().git(["remote", "add", "slipway", h.remoteUrl("hello")]));
    // The scp-like form; its port comes from GIT_SSH_COMMAND, as it would for git.
    ok(await work().git(["remote", "add", "other", "root@127.0.0.1:nosuchapp.git"]));
    ok(await run(["git", "init", "-q", bare]));
  });
  after(() => fs.rmSync(bare, { recursive: true, force: true }));

  it("sends values with spaces and quotes exactly, and reads them back", async () => {
    const value = `it's "quoted"  twice`;
    ok(await client(["config:set", "GREETING=hi there", `QUOTE=${value}`, "--no-restart"]));
    assert.equal((await client(["config:get", "GREETING"])).stdout, "hi there");
    assert.equal((await h.slipway(["config:get", "hello", "QUOTE"])).stdout, value);
    // stdin passes through: the way to send a value with newlines.
    ok(await client(["config:set", "PEM", "--stdin", "--no-restart"], { input: "line 1\nline 2\n" }));
    assert.equal((await client(["config:get", "PEM"])).stdout, "line 1\nline 2\n");
  });

  it("fills in the remote's app: releases, and run with its words and exit code intact", async () => {
    const rows = JSON.parse((await client(["releases", "--json"])).stdout) as {
      release: number;
      live: boolean;
    }[];
    assert.deepEqual(
      rows.map((r) => [r.release, r.live]),
      [[1, true]],
    );
    const exit = await client(["run", "sh", "-c", "exit 3"]);
    assert.equal(exit.code, 3, exit.stderr);
    const words = await client(["run", "sh", "-c", `printf '[%s]' "$@"`, "sh", "a  b", "$HOME", ""]);
    assert.equal(words.stdout, "[a  b][$HOME][]");
  });

  it("run -t gets a terminal through ssh -t, and the command's exit code comes back", async () => {
    // script(1) gives the client the terminal a developer's shell would; the client runs no shell itself.
    const typed = quoteCommand([SLIPWAY_BIN, "run", "-t", "sh", "-c", "tty; exit 4"]);
    const res = await run(["script", "-qec", typed, "/dev/null"], { cwd: work().dir, env: clientEnv() });
    assert.equal(res.code, 4, res.stdout + res.stderr);
    assert.match(res.stdout, /\/dev\/pts\/\d+\r?$/m);
  });

  it("--remote picks another remote, and help names the one it talks to", async () => {
    const other = await client(["--remote", "other", "config:get", "GREETING"]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /nosuchapp/);
    const help = await client(["help"]);
    ok(help);
    assert.match(help.stdout, /Remote slipway: root@127\.0\.0\.1 port \d+, app hello/);
    assert.match(help.stdout, /config:set APP KEY=VALUE/);
  });

  it("a repository without the remote gets told how to add one", async () => {
    const res = await client(["releases"], { cwd: bare });
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      /this repository has no git remote named slipway\n !     add one: git remote add slipway git@HOST:APP/,
    );
    const named = await client(["--remote", "staging", "releases"], { cwd: bare });
    assert.match(named.stderr, /no git remote named staging/);
  });

  it("over raw ssh, the quoted form works and the split form says how to quote", async () => {
    ok(await h.ssh(`config:set hello 'GREETING=hi raw ssh' --no-restart`));
    assert.equal((await h.slipway(["config:get", "hello", "GREETING"])).stdout, "hi raw ssh");
    // What ssh sends for `ssh git@h config:set hello GREETING="hello world"`: the local shell ate the quotes.
    const split = await h.ssh("config:set hello GREETING=hello world --no-restart");
    assert.equal(split.code, 2);
    assert.match(split.stderr, /an argument without = follows a KEY=VALUE/);
    assert.match(
      split.stderr,
      /quote the value inside the quoted ssh command .*: ssh git@HOST "config:set hello 'GREETING=hello world'"/,
    );
    assert.equal((await h.slipway(["config:get", "hello", "GREETING"])).stdout, "hi raw ssh");
  });
});
