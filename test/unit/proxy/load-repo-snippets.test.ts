import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SlipwayError } from "../../../src/errors.js";
import { loadRepoSnippets, MAX_SNIPPET_BYTES } from "../../../src/proxy/load-repo-snippets.js";

/** A real repository with one commit of these files; returns its dir and the commit. */
function repoWith(files: Record<string, string>): { dir: string; sha: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-snippets-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
  git("init", "-q");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  git("add", ".");
  git("commit", "-qm", "snippets");
  return { dir, sha: git("rev-parse", "HEAD") };
}

test("a snippet file over 256 kB is refused before it is read, naming the file and its size", async (t) => {
  const big = `# ${"x".repeat(MAX_SNIPPET_BYTES)}\nclient_max_body_size 10m;\n`;
  const { dir, sha } = repoWith({ "nginx/big.conf": big, "nginx/ok.conf": "client_max_body_size 10m;\n" });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(loadRepoSnippets(dir, sha), (e: SlipwayError) => {
    assert.equal(
      e.message,
      `nginx/big.conf is ${Buffer.byteLength(big)} bytes; an nginx snippet may be at most 262144 (256 kB)`,
    );
    return true;
  });
});
