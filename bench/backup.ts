// `npm run bench`: backup and restore of an app with a 100 MB volume (random bytes, so restic can
// neither deduplicate nor compress them): seconds each way and the bytes the repository grows by.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BASE_IMAGE } from "../test/support/base-image.js";
import { Harness, run } from "../test/support/harness.js";
import { now, secs } from "./timing.js";

const MB = Number(process.env.BENCH_BACKUP_MB ?? 100);
const TEMPLATE =
  `services:\n  web:\n    image: ${BASE_IMAGE}\n    cmd: ["httpd", "-f", "-p", "5000", "-h", "/data"]\n` +
  `    ports: {http: 5000}\n    volumes: {data: /data}\n`;

async function must(what: string, p: Promise<{ code: number; stderr: string }>): Promise<void> {
  const r = await p;
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr}`);
}

async function timed(what: string, p: () => Promise<{ code: number; stderr: string }>): Promise<number> {
  const start = now();
  await must(what, p());
  return now() - start;
}

function bytesIn(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  return total;
}

async function main(): Promise<void> {
  const h = await new Harness().start();
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-bench-restic-"));
  try {
    await must("backups:target", h.slipway(["backups:target", repo]));
    await must("deploy", h.slipway(["deploy", "-", "big"], TEMPLATE));
    const volume = `slipway-test-${h.id}-big.data`;
    const fill = ["dd", "if=/dev/urandom", "of=/d/blob", "bs=1M", `count=${MB}`];
    await must("fill", run(["docker", "run", "--rm", "-v", `${volume}:/d`, BASE_IMAGE, ...fill]));
    const before = bytesIn(repo);
    const backup = await timed("backups:run", () => h.slipway(["backups:run", "big"]));
    const grew = bytesIn(repo) - before;
    const again = await timed("backups:run (unchanged)", () => h.slipway(["backups:run", "big"]));
    await must("apps:destroy", h.slipway(["apps:destroy", "big", "--force", "--volumes"]));
    const restore = await timed("backups:restore", () => h.slipway(["backups:restore", "big"]));
    const size = await run([
      "docker",
      "run",
      "--rm",
      "-v",
      `${volume}:/d`,
      BASE_IMAGE,
      "stat",
      "-c",
      "%s",
      "/d/blob",
    ]);
    if (Number(size.stdout) !== MB << 20) throw new Error(`restored blob is ${size.stdout.trim()} bytes`);
    console.log(`backup of a ${MB} MB volume (first run)        ${secs(backup)} s`);
    console.log(`repository grew by                           ${(grew / 1e6).toFixed(1)} MB`);
    console.log(`backup again, nothing changed                ${secs(again)} s`);
    console.log(`restore (destroyed app, volume and release)  ${secs(restore)} s`);
  } finally {
    await h.stop();
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

await main();
