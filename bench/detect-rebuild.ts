// `npm run bench`, second part: the detect builder's first build of a node app against the rebuild
// after a code-only change, which should reuse the dependency-install layer.
import { BASE_IMAGE, BASE_LABEL, engine, removeLabelled } from "../test/support/base-image.js";
import { NODE_IMAGE, ensureBuilderImages } from "../test/support/builder-images.js";
import { Harness, WorkTree } from "../test/support/harness.js";
import { patchSettings } from "../test/support/settings-file.js";
import { median, now, pollUntil, pushPhases, secs, settle, timedPush, type Timed } from "./timing.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const APP = "nodeapp";

interface Measured {
  live: number;
  build: number;
  cached: boolean;
}

/** Push, then wait until nginx serves `text`; the build is read off the pusher's `-----> ` steps. */
async function measure(h: Harness, work: WorkTree, text: string): Promise<Measured> {
  const start = now();
  const push: Timed = await timedPush(work, h.clientEnv(), h.remoteUrl(APP));
  const said = push.lines.map((l) => l.text).join("\n");
  if (push.code !== 0) throw new Error(`push failed:\n${said}`);
  if (!(await pollUntil(async () => (await h.fetch(APP)).body === `${text}\n`, 20)))
    throw new Error(`nginx did not serve "${text}" within 60 s`);
  const live = now() - start;
  return { live, build: pushPhases(push, live).build, cached: said.includes("Dependencies unchanged") };
}

/** A code-only change: server.js answers with new text. */
async function changeCode(work: WorkTree, text: string): Promise<void> {
  work.write(
    "server.js",
    `require("node:http").createServer((q, s) => s.end(${JSON.stringify(text + "\n")})).listen(Number(process.env.PORT));\n`,
  );
  await work.commit(text);
}

/** A dependency change as the cache sees it: package.json differs, so npm ci runs again. */
async function changeDependencies(work: WorkTree, round: number): Promise<void> {
  const pkg = JSON.parse(work.read("package.json"));
  work.write(
    "package.json",
    JSON.stringify({ ...pkg, description: `bench run ${process.pid} round ${round}` }, null, 2) + "\n",
  );
}

function report(firsts: Measured[], rebuilds: Measured[]): void {
  console.log(
    `\ndetect builder (node, npm ci), ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds (seconds)\n`,
  );
  console.log("round  first build  first live   rebuild  rebuild live");
  firsts.forEach((f, i) => {
    const r = rebuilds[i];
    console.log(
      `${String(i + 1).padStart(5)}  ${secs(f.build).padStart(11)}  ${secs(f.live).padStart(10)}  ${secs(r.build).padStart(8)}  ${secs(r.live).padStart(12)}`,
    );
  });
  const mb = (xs: Measured[], k: "build" | "live") => median(xs.map((x) => x[k]));
  console.log(
    `\nmedian first build        ${secs(mb(firsts, "build"))} s (push-to-live ${secs(mb(firsts, "live"))} s)`,
  );
  console.log(
    `median rebuild, code only ${secs(mb(rebuilds, "build"))} s (push-to-live ${secs(mb(rebuilds, "live"))} s), dependency layer reused in ${rebuilds.filter((r) => r.cached).length}/${ROUNDS}`,
  );
}

if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error(
    ` !     BENCH_ROUNDS must be a whole number of at least 1, got ${JSON.stringify(process.env.BENCH_ROUNDS)}`,
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
let work: WorkTree | undefined;
try {
  await h.start();
  await ensureBuilderImages();
  patchSettings(h, (s) => (s.builders = { ...s.builders, detectImages: { node: NODE_IMAGE } }));
  work = await new WorkTree(h.clientEnv()).init("node-hello");
  const firsts: Measured[] = [];
  const rebuilds: Measured[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await changeDependencies(work, round);
    await changeCode(work, `first build ${round}`);
    firsts.push(await measure(h, work, `first build ${round}`));
    if (firsts.at(-1)!.cached)
      throw new Error(
        "the first build of a round reused the dependency layer; the measurement would be wrong",
      );
    await settle(h, APP);
    await changeCode(work, `rebuild ${round}`);
    rebuilds.push(await measure(h, work, `rebuild ${round}`));
    await settle(h, APP);
    process.stderr.write(`round ${round}/${ROUNDS} done\n`);
  }
  report(firsts, rebuilds);
} catch (err) {
  console.error(` !     benchmark failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  work?.remove();
  await h.stop();
  if (!hadBase) await removeLabelled(BASE_LABEL); // leave the machine as we found it
}
