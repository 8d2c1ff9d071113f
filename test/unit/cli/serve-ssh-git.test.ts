import { test } from "node:test";
import assert from "node:assert/strict";
import { isSshGitRequest } from "../../../src/cli/ssh-git-request.js";
import { serveSshGit } from "../../../src/cli/serve-ssh-git.js";

const env = (cmd: string) => ({ SSH_ORIGINAL_COMMAND: cmd });

test("only a git push or clone through the forced command takes the short path", () => {
  assert.equal(isSshGitRequest(["ssh-serve", "alice"], env("git-receive-pack 'shop'")), true);
  assert.equal(
    isSshGitRequest(["ssh-serve", "alice", "--apps", "shop"], env("git-upload-pack '/shop'")),
    true,
  );
  assert.equal(isSshGitRequest(["ssh-serve", "alice"], env("apps:list")), false);
  assert.equal(isSshGitRequest(["ssh-serve", "alice"], env("git-receive-packs 'shop'")), false);
  assert.equal(isSshGitRequest(["ssh-serve", "alice"], {}), false);
  assert.equal(isSshGitRequest(["hook:pre-receive", "shop"], env("git-receive-pack 'shop'")), false);
});

/** Run serveSshGit with SSH_ORIGINAL_COMMAND set, capturing what it prints. */
async function serve(argv: string[], cmd: string): Promise<{ code: number; stderr: string }> {
  const saved = process.env.SSH_ORIGINAL_COMMAND;
  const write = process.stderr.write.bind(process.stderr);
  let stderr = "";
  process.env.SSH_ORIGINAL_COMMAND = cmd;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await serveSshGit(argv), stderr };
  } finally {
    process.stderr.write = write;
    if (saved === undefined) delete process.env.SSH_ORIGINAL_COMMAND;
    else process.env.SSH_ORIGINAL_COMMAND = saved;
  }
}

test("a key limited to some apps is refused another app's repo, as ssh-serve refuses it", async () => {
  const r = await serve(["ssh-serve", "alice", "--apps", "shop"], "git-receive-pack 'blog'");
  assert.equal(r.code, 77);
  assert.match(r.stderr, /key alice may not use app blog/);
});

test("a bad key name or app name is refused before anything is read", async () => {
  assert.notEqual((await serve(["ssh-serve", "bad name!"], "git-receive-pack 'shop'")).code, 0);
  const r = await serve(["ssh-serve", "alice"], "git-receive-pack '../etc'");
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^ ! {5}/);
});
