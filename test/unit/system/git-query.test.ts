import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const TSX = import.meta.resolve("tsx");

/** What gitQuery sees of the pushed commit inside pre-receive, where its objects are in quarantine. */
const HOOK_MAIN = `import { gitQuery } from ${JSON.stringify(path.join(ROOT, "src/system/git-query.ts"))};
const sha = process.argv[2];
console.log("listed:", (await gitQuery(process.cwd(), ["ls-tree", "--name-only", sha])).trim());
console.log("read:", (await gitQuery(process.cwd(), ["cat-file", "blob", sha + ":Procfile"])).trim());
`;

test("gitQuery inside pre-receive reads the pushed commit from git's quarantine", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-git-query-"));
  try {
    const identity = ["-c", "user.name=t", "-c", "user.email=t@example.test"];
    const git = (cwd: string, ...args: string[]) => execFileSync("git", [...identity, ...args], { cwd });
    git(dir, "init", "-q", "--bare", "app.git");
    fs.writeFileSync(path.join(dir, "hook.mts"), HOOK_MAIN);
    const hook = path.join(dir, "app.git", "hooks", "pre-receive");
    const node = `${process.execPath} --import ${fileURLToPath(TSX)} ${path.join(dir, "hook.mts")}`;
    fs.writeFileSync(hook, `#!/bin/sh\nread old new ref\n${node} "$new" || exit 1\nexit 1\n`, {
      mode: 0o755,
    });
    fs.mkdirSync(path.join(dir, "work"));
    fs.writeFileSync(path.join(dir, "work", "Procfile"), "web: ./serve\n");
    git(path.join(dir, "work"), "init", "-q", "-b", "master");
    git(path.join(dir, "work"), "add", "Procfile");
    git(path.join(dir, "work"), "commit", "-q", "-m", "first");
    const work = { cwd: path.join(dir, "work"), encoding: "utf8" } as const;
    const push = spawnSync("git", ["push", path.join(dir, "app.git"), "master"], work);
    assert.match(push.stderr, /remote: listed: Procfile/, push.stderr);
    assert.match(push.stderr, /remote: read: web: \.\/serve/, push.stderr);
    // The hook refused the push, so the objects were only ever in quarantine.
    assert.match(push.stderr, /pre-receive hook declined/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
