import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, run, type Harness, type RunResult } from "./harness.js";

/**
 * The old commit's files from this repository's history, built with today's dependencies (not
 * type-checked). A package older commits import and today's src/ no longer does (simple-git) stays
 * a devDependency, so those commits still load.
 */
export async function buildOldTree(dir: string, commit: string): Promise<void> {
  fs.mkdirSync(dir);
  const tar = `${dir}.tar`;
  const archive = await run(["git", "-C", ROOT, "archive", "-o", tar, commit]);
  assert.equal(archive.code, 0, archive.stderr);
  const untar = await run(["tar", "-x", "-f", tar, "-C", dir]);
  assert.equal(untar.code, 0, untar.stderr);
  fs.rmSync(tar);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  // esbuild (tsx's own) transpiles in a second where tsc type-checks for minutes on a busy machine.
  const sources = await run(["find", "src", "-name", "*.ts"], { cwd: dir });
  const esbuild = path.join(ROOT, "node_modules", ".bin", "esbuild");
  const files = sources.stdout.split("\n").filter(Boolean);
  const options = [
    "--outdir=dist",
    "--outbase=src",
    "--format=esm",
    "--platform=node",
    "--log-level=warning",
  ];
  const build = await run([esbuild, ...files, ...options], { cwd: dir });
  assert.equal(build.code, 0, build.stdout + build.stderr);
}

/** Ids of an app's running containers on this harness, sorted. */
export async function runningIds(h: Harness, app: string): Promise<string[]> {
  const filters = ["--filter", `label=${h.label}`, "--filter", `label=slipway.app=${app}`];
  const ps = await run(["docker", "ps", "-q", "--no-trunc", ...filters]);
  return ps.stdout.split("\n").filter(Boolean).sort();
}

/**
 * What configure-system.sh does to Slipway itself on an upgrade: the install swapped in one rename
 * (the `install` symlink now names this tree), then configure_slipway's steps, each checked.
 */
export async function upgradeInstall(install: string, slipway: (args: string[]) => Promise<RunResult>) {
  fs.symlinkSync(ROOT, `${install}.new`);
  fs.renameSync(`${install}.new`, install);
  for (const step of [["internal:migrate"], ["internal:setup"], ["ps:restore"]]) {
    const res = await slipway(step);
    assert.equal(res.code, 0, `${step[0]}: ${res.stdout}${res.stderr}`);
  }
}
