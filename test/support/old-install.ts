import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, run } from "./harness.js";

/** The old commit's files from this repository's history, built with today's dependencies (not type-checked). */
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
