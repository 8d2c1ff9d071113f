// `npm run bench`: seconds from the start of `git push` until nginx serves the new content,
// beside the floor (plain push + docker build + docker run + first answer) measured in the same run.
// nginx is asked during the push too: a release is live once it accepts, before its settle ends
// and the push returns (docs/releases.md); the round counts only if the push then succeeds and
// the new content is still what nginx serves.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { BASE_IMAGE, BASE_LABEL, engine, removeLabelled } from "../test/support/base-image.js";
import { Harness, WorkTree, freePort, run } from "../test/support/harness.js";
import { phaseStarts } from "../src/step-lines.js";
import {
  median,
  now,
  phaseProfile,
  pollUntil,
  pushPhases,
  secs,
  settle,
  sleep,
  childCpuMs,
  findPid,
  timedPush,
  type PhaseTimes,
  type Timed,
} from "./timing.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Issue 15: push-to-live at most 0.5 s above the floor measured in the same run.
const TARGET_S = 0.5;
const APP = "hello";
const APP_PORT = 5000; // the fixture's EXPOSE

interface Live {
  ms: number;
  /** When `git push` returned, after the settle and the backups' removal. */
  returnedMs: number;
  /** CPU of everything the push ran under sshd (both Node starts, git, the hook's children). */
  cpuMs: number;
  push: Timed;
  phases: PhaseTimes;
}
interface Floor {
  push: number;
  build: number;
  run: number;
  answer: number;
  total: number;
  /** CPU of the plain push under sshd (git-receive-pack). */
  cpuMs: number;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/", timeout: 1000, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
  });
}

/** A one-line change, committed; each work tree gets its own text so neither build reuses the other's layer. */
async function change(work: WorkTree, text: string): Promise<void> {
  work.write("index.html", `${text}\n`);
  await work.commit(text);
}

/** One measured Slipway round: push start until nginx serves `text`. */
async function measureLive(h: Harness, work: WorkTree, text: string): Promise<Live> {
  const start = now();
  let last = "";
  const served = async () =>
    (last = JSON.stringify(await h.fetch(APP).catch((e) => String(e)))).includes(JSON.stringify(`${text}\n`));
  // Live means every answer is new from then on: for about 100 ms after a reload nginx's old
  // workers still answer too, so a streak of new answers restarts at any old one.
  // The watch starts once the pusher sees the plan: nothing new can be live before the image is
  // built, and requests every 15 ms during the build would slow it on 2 cores (the floor has none).
  let servedAt: number | undefined;
  let pushing = true;
  let planned!: () => void;
  const built = new Promise<void>((r) => (planned = r));
  const watch = (async () => {
    await built;
    // Bounded by the push itself (run's timeout) and by a count: one request every 15 ms or so.
    for (let i = 0; pushing && i < 20_000; i++) {
      if (!(await served())) servedAt = undefined;
      else servedAt ??= now();
      await sleep(15);
    }
  })();
  const onLine = (text: string) => (phaseStarts.start.test(text) ? planned() : undefined);
  const push = await timedPush(work, h.clientEnv(), h.remoteUrl(APP), onLine).finally(() => {
    pushing = false;
    planned();
  });
  await watch;
  if (push.code !== 0) throw new Error(`push failed:\n${push.lines.map((l) => l.text).join("\n")}`);
  const fail = (what: string) =>
    new Error(`${what}; last answer ${last}; the push said:\n${push.lines.map((l) => l.text).join("\n")}`);
  if (servedAt !== undefined && !(await served())) throw fail(`nginx served "${text}", then stopped`);
  if (servedAt === undefined) {
    if (!(await pollUntil(served, 20))) throw fail(`nginx did not serve "${text}" within 60 s`);
    servedAt = now();
  }
  const ms = servedAt - start;
  if (process.env.BENCH_TRACE) traceLines(push, ms);
  return { ms, returnedMs: push.ms, cpuMs: 0, push, phases: pushPhases(push, ms) }; // throws here, at once, when a step is missing
}

/** BENCH_TRACE=1: every line the pusher saw, with its time, to find where a phase's time goes. */
function traceLines(push: Timed, servedMs: number): void {
  for (const l of push.lines) process.stderr.write(`${secs(l.ms).padStart(6)}  ${l.text}\n`);
  process.stderr.write(
    `${secs(push.ms).padStart(6)}  (push returned)\n${secs(servedMs).padStart(6)}  (served)\n`,
  );
}

/** Build the pushed commit from the bare repo, as the hook would, with the engine's cache. */
async function buildFloor(h: Harness, repo: string, tag: string): Promise<void> {
  const tar = spawn("git", ["archive", "--format=tar", "HEAD"], {
    cwd: repo,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stream = await engine.buildImage(
    tar.stdout as never,
    { t: tag, forcerm: true, labels: { "slipway.test-run": h.id } } as never,
  );
  const events: Array<{ error?: string }> = await new Promise((resolve, reject) =>
    engine.modem.followProgress(stream as never, (err: Error | null, out: Array<{ error?: string }>) =>
      err ? reject(err) : resolve(out),
    ),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(`floor build failed: ${failed.error}`);
}

/** The floor for the same change: plain push, build, run, first answer, each timed. */
async function measureFloor(
  h: Harness,
  work: WorkTree,
  env: NodeJS.ProcessEnv,
  repo: string,
  round: number,
): Promise<Floor> {
  const hostPort = await freePort();
  const t0 = now();
  const push = await timedPush(work, env, `ssh://root@127.0.0.1:${h.sshPort}${repo}`);
  if (push.code !== 0) throw new Error(`floor push failed:\n${push.lines.map((l) => l.text).join("\n")}`);
  const t1 = now();
  const tag = `slipway-bench-floor:${round}`;
  await buildFloor(h, repo, tag);
  const t2 = now();
  const container = await engine.createContainer({
    Image: tag,
    Env: [`PORT=${APP_PORT}`],
    Labels: { "slipway.test-run": h.id },
    ExposedPorts: { [`${APP_PORT}/tcp`]: {} },
    HostConfig: {
      PortBindings: { [`${APP_PORT}/tcp`]: [{ HostIp: "127.0.0.1", HostPort: String(hostPort) }] },
    },
  });
  await container.start();
  const t3 = now();
  if (!(await pollUntil(() => answers(hostPort), 10)))
    throw new Error("floor container did not answer within 60 s");
  const t4 = now();
  await container.remove({ force: true });
  return { push: t1 - t0, build: t2 - t1, run: t3 - t2, answer: t4 - t3, total: t4 - t0, cpuMs: 0 };
}

async function addFloorKey(h: Harness, repo: string): Promise<string> {
  const key = path.join(h.dir, "floor_key");
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key]);
  const [type, blob] = fs.readFileSync(`${key}.pub`, "utf8").split(" ");
  // root may only run forced commands in this sshd, so the key is pinned to receive-pack on one bare repo, no hooks.
  fs.appendFileSync(
    path.join(h.dir, "authorized_keys"),
    `command="git-receive-pack ${repo}",restrict ${type} ${blob} bench-floor\n`,
  );
  return key;
}

function report(live: Live[], floors: Floor[]): void {
  const pad = (s: string, n = 9) => s.padStart(n);
  const sum = (xs: number[]) => xs.map(secs).join(" + ");
  console.log(
    `\npush-to-live benchmark, ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds (seconds)\n`,
  );
  console.log(
    `round ${pad("live")} ${pad("floor")} ${pad("diff")}   live = receive + build + start + route   floor = push + build + run + answer   CPU: live / floor`,
  );
  live.forEach((l, i) => {
    const f = floors[i];
    const parts = `${sum(Object.values(l.phases)).padEnd(38)}${sum([f.push, f.build, f.run, f.answer]).padEnd(28)}${secs(l.cpuMs)} / ${secs(f.cpuMs)}`;
    console.log(
      `${pad(String(i + 1), 5)} ${pad(secs(l.ms))} ${pad(secs(f.total))} ${pad(secs(l.ms - f.total))}   ${parts}`,
    );
  });
  const ml = median(live.map((l) => l.ms));
  const mf = median(floors.map((f) => f.total));
  console.log(
    `\nmedian push-to-live  ${secs(ml)} s\nmedian floor         ${secs(mf)} s\ndifference           ${secs(ml - mf)} s (${(ml / mf).toFixed(2)}x the floor)`,
  );
  console.log(
    `target               difference <= ${TARGET_S.toFixed(1)} s: ${ml - mf <= TARGET_S * 1000 ? "MET" : "NOT MET"}`,
  );
  console.log(`profile (medians)    ${phaseProfile(live.map((l) => l.phases))}`);
  console.log(
    `push returned        ${secs(median(live.map((l) => l.returnedMs)))} s (median; the settle ends after the release is live)`,
  );
  const cpu = (xs: Array<{ cpuMs: number }>) => secs(median(xs.map((x) => x.cpuMs)));
  console.log(`CPU under sshd       push-to-live ${cpu(live)} s, floor's push ${cpu(floors)} s (medians)`);
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
const works: WorkTree[] = [];
try {
  await h.start();
  const floorRepo = path.join(h.dir, "floor.git");
  await run(["git", "init", "-q", "--bare", floorRepo]);
  const floorEnv = h.clientEnv(await addFloorKey(h, floorRepo));
  const sshd = findPid(`/usr/sbin/sshd -D -e -f ${path.join(h.dir, "ssh", "sshd_config")}`);
  const app = await new WorkTree(h.clientEnv()).init(APP);
  const floor = await new WorkTree(floorEnv).init(APP);
  works.push(app, floor);
  // Warm-up, not measured: the first deploy and a first floor round fill caches on both sides.
  await measureLive(h, app, "hello v1");
  await measureFloor(h, floor, floorEnv, floorRepo, 0);
  const live: Live[] = [];
  const floors: Floor[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await change(app, `hello live ${round}`);
    const cpu = childCpuMs(sshd);
    live.push(await measureLive(h, app, `hello live ${round}`));
    await settle(h, APP); // by now sshd has reaped the push's processes
    live[live.length - 1].cpuMs = childCpuMs(sshd) - cpu;
    await change(floor, `hello floor ${round}`);
    const floorCpu = childCpuMs(sshd);
    floors.push(await measureFloor(h, floor, floorEnv, floorRepo, round));
    await sleep(200);
    floors[floors.length - 1].cpuMs = childCpuMs(sshd) - floorCpu;
    process.stderr.write(`round ${round}/${ROUNDS} done\n`);
  }
  report(live, floors);
} catch (err) {
  console.error(` !     benchmark failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  for (const w of works) w.remove();
  await h.stop();
  if (!hadBase) await removeLabelled(BASE_LABEL); // leave the machine as we found it
}
