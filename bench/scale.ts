// `npm run bench`: a server with 100 deployments deploys the 101st; each deployment has its own bridge
// network, so this runs past Docker's default address pools (about 31 networks) on Slipway's own pool.
import { BASE_IMAGE, BASE_LABEL, engine, removeLabelled } from "../test/support/base-image.js";
import { Harness } from "../test/support/harness.js";
import { patchSettings } from "../test/support/settings-file.js";
import { median, now, secs } from "./timing.js";

const APPS = Number(process.env.BENCH_SCALE_APPS ?? 100);
const PARALLEL = 4;
const template = `services:\n  worker:\n    image: ${BASE_IMAGE}\n    cmd: ["sleep", "3600"]\n`;

async function deploy(h: Harness, name: string): Promise<number> {
  const start = now();
  const r = await h.slipway(["deploy", "-", name], template);
  if (r.code !== 0) throw new Error(`deploy of ${name} failed (exit ${r.code}):\n${r.stderr}`);
  return now() - start;
}

/** Deploy every name, PARALLEL at a time, as several admins pushing at once would. */
async function deployAll(h: Harness, names: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < names.length; i += PARALLEL) {
    times.push(...(await Promise.all(names.slice(i, i + PARALLEL).map((n) => deploy(h, n)))));
    process.stderr.write(`\r${times.length}/${names.length} deployed`);
  }
  process.stderr.write("\n");
  return times;
}

async function ourSubnets(h: Harness): Promise<Set<string>> {
  const networks = await engine.listNetworks({ filters: { label: [h.label] } });
  return new Set(networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? "")));
}

if (!Number.isInteger(APPS) || APPS < 1) {
  console.error(` !     BENCH_SCALE_APPS must be a whole number of at least 1, got ${process.env.BENCH_SCALE_APPS}`);
  process.exit(2);
}
const h = new Harness();
const hadBase = await engine.getImage(BASE_IMAGE).inspect().then(() => true, () => false);
try {
  await h.start();
  patchSettings(h, (s) => Object.assign(s, { settleSeconds: 0 }));
  const start = now();
  const times = await deployAll(h, Array.from({ length: APPS }, (_, i) => `app-${i + 1}`));
  const total = now() - start;
  const next = await deploy(h, `app-${APPS + 1}`);
  const subnets = await ourSubnets(h);
  if (subnets.size !== APPS + 1) throw new Error(`expected ${APPS + 1} distinct subnets, found ${subnets.size}`);
  console.log(`\nscale benchmark, ${new Date().toISOString().slice(0, 10)} (seconds)\n`);
  console.log(`${APPS} deployments, ${PARALLEL} at a time   ${secs(total)} total, median deploy ${secs(median(times))}`);
  console.log(`deploy #${APPS + 1} with ${APPS} live     ${secs(next)}`);
  console.log(`distinct subnets           ${subnets.size} (pool holds 1024 at the default /26 of 10.213.0.0/16)`);
} catch (err) {
  console.error(` !     benchmark failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await h.stop();
  if (!hadBase) await removeLabelled(BASE_LABEL); // leave the machine as we found it
}
