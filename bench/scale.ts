// `npm run bench`: a server with 100 deployments deploys the 101st; each deployment has its own bridge
// network, so this runs past Docker's default address pools (about 31 networks) on Slipway's own pool.
import fs from "node:fs";
import path from "node:path";
import { BASE_IMAGE, BASE_LABEL, engine, removeLabelled } from "../test/support/base-image.js";
import { Harness, run } from "../test/support/harness.js";
import { patchSettings } from "../test/support/settings-file.js";
import { allAnswer, daemonMemory, restartEngine, restoreAfterStop } from "./scale-recovery.js";
import { median, now, secs } from "./timing.js";

const APPS = Number(process.env.BENCH_SCALE_APPS ?? 100);
const PARALLEL = 4;
const ROUNDS = 3;
// Issue 15: slipwayd's resident memory with 100 apps at most 60 MB.
const TARGET_RSS_MB = 60;
// A routed web service (busybox httpd) answering with its app's name, so every deployment has a
// vhost nginx reloads, and a domain that reaches another app's container would show.
const template = (name: string, v: string) =>
  `services:\n  web:\n    image: ${BASE_IMAGE}\n` +
  `    cmd: ["sh", "-c", "echo ${name} > /tmp/index.html && exec httpd -f -p 5000 -h /tmp"]\n` +
  `    ports: {http: 5000}\n    env: {V: "${v}"}\n`;

async function deploy(h: Harness, name: string, v = "1"): Promise<number> {
  const start = now();
  const r = await h.slipway(["deploy", "-", name], template(name, v));
  if (r.code !== 0) throw new Error(`deploy of ${name} failed (exit ${r.code}):\n${r.stderr}`);
  return now() - start;
}

/** Deploy every name, PARALLEL at a time, as several admins deploying at once would. */
async function deployAll(h: Harness, names: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < names.length; i += PARALLEL) {
    times.push(...(await Promise.all(names.slice(i, i + PARALLEL).map((n) => deploy(h, n)))));
    process.stderr.write(`\r${times.length}/${names.length} deployed`);
  }
  process.stderr.write("\n");
  return times;
}

/** Median of ROUNDS redeploys of app-1 (an env change: a new container, routed). */
async function redeployTimes(h: Harness, tag: string): Promise<number> {
  const times: number[] = [];
  for (let i = 1; i <= ROUNDS; i++) times.push(await deploy(h, "app-1", `${tag}-${i}`));
  return median(times);
}

/** Median time of the installation's own nginx reload argv, with every vhost in place. */
async function reloadTime(h: Harness): Promise<number> {
  const reload: string[] = JSON.parse(fs.readFileSync(path.join(h.state, "settings.json"), "utf8")).nginx
    .reload;
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = now();
    const r = await run(reload);
    if (r.code !== 0) throw new Error(`nginx reload failed: ${r.stderr}`);
    times.push(now() - start);
  }
  return median(times);
}

async function ourSubnets(h: Harness): Promise<Set<string>> {
  const networks = await engine.listNetworks({ filters: { label: [h.label] } });
  return new Set(networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? "")));
}

/** Memory with every app's state; every app back after ps:restore and (BENCH_SCALE_RESTART=1) an engine restart. */
async function recovery(h: Harness, names: string[]): Promise<Array<[string, string]>> {
  const mem = await daemonMemory(h, names);
  const rows: Array<[string, string]> = [
    [`slipwayd RSS with ${names.length} apps`, `${mem.rss.toFixed(1)} MB (peak ${mem.hwm.toFixed(1)} MB)`],
    ["target", `peak at most ${TARGET_RSS_MB} MB: ${mem.hwm <= TARGET_RSS_MB ? "MET" : "NOT MET"}`],
    [`all ${names.length} answer after ps:restore`, await restoreAfterStop(h, names)],
  ];
  if (process.env.BENCH_SCALE_RESTART !== "1") {
    return [...rows, ["after an engine restart", "not run (BENCH_SCALE_RESTART=1 restarts dockerd)"]];
  }
  const start = now();
  await restartEngine();
  const back = await allAnswer(h, names, Math.max(0, 60_000 - (now() - start)));
  const within = back === undefined ? "NOT within 60 s: NOT MET" : `${secs(now() - start)}, within 60 s: MET`;
  return [...rows, [`all ${names.length} answer after an engine restart`, within]];
}

async function measure(h: Harness): Promise<string[]> {
  await deploy(h, "app-1");
  const alone = await redeployTimes(h, "alone");
  const start = now();
  const times = await deployAll(
    h,
    Array.from({ length: APPS - 1 }, (_, i) => `app-${i + 2}`),
  );
  const total = now() - start;
  const crowded = await redeployTimes(h, "crowded");
  const next = await deploy(h, `app-${APPS + 1}`);
  const names = Array.from({ length: APPS + 1 }, (_, i) => `app-${i + 1}`);
  const subnets = await ourSubnets(h);
  if (subnets.size !== APPS + 1)
    throw new Error(`expected ${APPS + 1} distinct subnets, found ${subnets.size}`);
  const ratio = crowded / alone;
  const rows: Array<[string, string]> = [
    [
      `${APPS - 1} more deployments, ${PARALLEL} at a time`,
      `${secs(total)} total, median deploy ${secs(median(times))}`,
    ],
    ["redeploy of one app, 1 live", `${secs(alone)} (median of ${ROUNDS})`],
    [`redeploy of one app, ${APPS} live`, `${secs(crowded)} (median of ${ROUNDS}), ${ratio.toFixed(2)}x`],
    ["target", `at most 1.1x: ${ratio <= 1.1 ? "MET" : "NOT MET"}`],
    [`deploy #${APPS + 1} with ${APPS} live`, secs(next)],
    [`nginx reload with ${APPS + 1} vhosts`, `${secs(await reloadTime(h))} (median of ${ROUNDS})`],
    ["distinct subnets", `${subnets.size} (the default pool holds 1024)`],
    ...(await recovery(h, names)),
  ];
  return rows.map(([label, value]) => `${label.padEnd(40)}${value}`);
}

if (!Number.isInteger(APPS) || APPS < 2) {
  console.error(
    ` !     BENCH_SCALE_APPS must be a whole number of at least 2, got ${process.env.BENCH_SCALE_APPS}`,
  );
  process.exit(2);
}
const h = new Harness();
const hadBase = await engine
  .getImage(BASE_IMAGE)
  .inspect()
  .then(
    () => true,
    () => false,
  );
try {
  await h.start();
  patchSettings(h, (s) => Object.assign(s, { settleSeconds: 0, drainSeconds: 0, stopTimeoutSeconds: 1 }));
  const lines = await measure(h);
  console.log(`\nscale benchmark, ${new Date().toISOString().slice(0, 10)} (seconds)\n`);
  for (const line of lines) console.log(line);
} catch (err) {
  console.error(` !     benchmark failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await h.stop();
  if (!hadBase) await removeLabelled(BASE_LABEL); // leave the machine as we found it
}
