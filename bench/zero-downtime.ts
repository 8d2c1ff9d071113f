// `npm run bench` (second line): a bounded request loop through nginx during 5 back-to-back
// redeploys: requests sent, failed and p99 latency, plus how long each push took against single pushes
// made under the same load once the previous release had retired.
import { BASE_IMAGE, BASE_LABEL, engine, removeLabelled } from "../test/support/base-image.js";
import { Harness, WorkTree } from "../test/support/harness.js";
import { startLoadLoop } from "../test/support/load-loop.js";
import { median, secs, settle } from "./timing.js";

const DEPLOYS = 5;
const SINGLES = 3;
// Issue 15: the next push right after the previous returns takes at most 1.2x a single push.
const TARGET_RATIO = 1.2;
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
  work = await new WorkTree(h.clientEnv()).init("hello");
  const first = await work.push(h.remoteUrl("hello"));
  if (first.code !== 0) throw new Error(`first push failed:\n${first.stderr}`);
  const loop = startLoadLoop({
    port: h.nginxPort,
    host: `hello.${h.domain}`,
    maxRequests: 100_000,
    maxMs: 300_000,
  });
  const timedPush = async (text: string): Promise<number> => {
    work!.write("index.html", `${text}\n`);
    await work!.commit(text);
    const t0 = performance.now();
    const push = await work!.push(h.remoteUrl("hello"));
    if (push.code !== 0) throw new Error(`push "${text}" failed:\n${push.stderr}`);
    return performance.now() - t0;
  };
  // Single pushes first, each once the one before has retired its container: the reference for back-to-back.
  const singles: number[] = [];
  for (let i = 1; i <= SINGLES; i++) {
    await settle(h, "hello");
    singles.push(await timedPush(`single ${i}`));
  }
  await settle(h, "hello");
  const pushes: number[] = [];
  for (let i = 1; i <= DEPLOYS; i++) pushes.push(await timedPush(`bench ${i}`));
  const t0 = performance.now();
  const back = await h.slipway(["rollback", "hello"]);
  const rollbackMs = performance.now() - t0;
  if (back.code !== 0) throw new Error(`rollback failed:\n${back.stderr}`);
  const r = await loop.stop();
  console.log(
    `\nzero-downtime, ${new Date().toISOString().slice(0, 10)}: ${DEPLOYS} back-to-back redeploys and a rollback under load`,
  );
  console.log(
    `requests sent ${r.sent}, failed ${r.failed}, p99 ${r.p99Ms.toFixed(1)} ms (keep-alive reuses retried on a fresh connection: ${r.retried})`,
  );
  console.log(
    `push seconds: ${pushes.map((ms) => (ms / 1000).toFixed(2)).join(" ")}; rollback ${(rollbackMs / 1000).toFixed(2)}`,
  );
  const ratio = median(pushes) / median(singles);
  console.log(
    `single pushes (previous one retired): ${singles.map(secs).join(" ")}; back-to-back median ${secs(median(pushes))} s = ${ratio.toFixed(2)}x the single median ${secs(median(singles))} s`,
  );
  console.log(
    `target               back-to-back <= ${TARGET_RATIO}x a single push: ${ratio <= TARGET_RATIO ? "MET" : "NOT MET"}`,
  );
  if (r.failed) process.exitCode = 1;
} catch (err) {
  console.error(` !     zero-downtime benchmark failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  work?.remove();
  await h.stop();
  if (!hadBase) await removeLabelled(BASE_LABEL);
}
