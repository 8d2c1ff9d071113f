// `npm run bench`: slipwayd's resident memory with 20 apps' state present (alert watching on: engine
// events, disk, certificates, health probes of 20 routed apps), and the CPU time it uses while idle, both read from /proc (VmRSS in /proc/PID/status, utime+stime in /proc/PID/stat).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SLIPWAYD_BIN } from "../test/support/daemon.js";
import { SLIPWAY_BIN, freePort, run } from "../test/support/harness.js";

const APPS = 20;
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000);
const TARGET_RSS_MB = 60;
const TICKS_PER_S = 100; // USER_HZ on Linux

/** A state dir with settings and APPS app records, as a server with that many deployed apps has. */
function fakeState(dir: string, port: number): void {
  const settings = {
    reposDir: path.join(dir, "repos"),
    authorizedKeys: path.join(dir, "authorized_keys"),
    daemon: { port },
  };
  fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify(settings));
  for (let i = 1; i <= APPS; i++) {
    const name = `app-${i}`;
    // One nightly cron job each: 20 idle croner timers, as a server with that many jobs has.
    const nightly = { id: "nightly", schedule: "0 3 * * *", service: "web", run: "true" };
    const web = { name: "web", build: ".", ports: [], env: {}, volumes: {}, publish: {}, dependsOn: [] };
    const container = { id: `bench-${name}`, name: `slipway-${name}.web.3.1`, hostPort: 20000 + i };
    const current = {
      number: 3,
      sha: "a".repeat(40),
      deployedAt: new Date().toISOString(),
      cause: "push",
      template: { services: [web], cron: [nightly], source: "slipway.yml" },
      images: { ".": `slipway/${name}:3` },
      config: { names: [], hash: "0" },
      services: {
        web: {
          specHash: "0",
          envHash: "0",
          imageId: "sha256:0",
          image: `slipway/${name}:3`,
          containers: [container],
          port: 5000,
          publish: {},
        },
      },
    };
    fs.mkdirSync(path.join(dir, "apps", name), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "apps", name, "app.json"),
      JSON.stringify({
        name,
        createdAt: current.deployedAt,
        deployBranch: "master",
        lastRelease: 3,
        current,
        // Routed, so the alert watch probes each app's port every alerts.checkSeconds.
        routes: { release: 3, services: { web: [container.hostPort] }, defaultService: "web" },
      }),
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU time the process uses over IDLE_MS while nobody talks to it. */
async function idleCpuMs(pid: number): Promise<number> {
  const ticks = cpuTicks(pid);
  await sleep(IDLE_MS);
  return ((cpuTicks(pid) - ticks) * 1000) / TICKS_PER_S;
}

function rssKb(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)![1]);
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** utime + stime in clock ticks; the fields after the parenthesised command name. */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

async function exercise(port: number, token: string): Promise<void> {
  const get = (p: string) =>
    fetch(`http://127.0.0.1:${port}${p}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    }).then((r) => r.text());
  for (let round = 0; round < 5; round++) {
    await Promise.all([
      get("/api/v1/apps"),
      get("/openapi.json"),
      get("/api/v1/keys"),
      ...Array.from({ length: APPS }, (_, i) => get(`/api/v1/apps/app-${i + 1}`)),
    ]);
  }
  await get("/api/v1/apps/app-1/logs?lines=1"); // loads the Docker client, as a real logs request does
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-bench-"));
  const env = { ...process.env, SLIPWAY_STATE: dir };
  const port = await freePort();
  fakeState(dir, port);
  const token = (await run([SLIPWAY_BIN, "tokens:create", "bench"], { env })).stdout.trim();
  const child = spawn(SLIPWAYD_BIN, [], { env, stdio: ["ignore", "ignore", "pipe"] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding("utf8").on("data", (d: string) => d.includes("listening") && resolve());
      child.once("exit", () => reject(new Error("slipwayd exited")));
    });
    const pid = Number(fs.readFileSync(path.join(dir, "slipwayd.pid"), "utf8"));
    await sleep(1000);
    const started = rssKb(pid);
    const idleAfterStart = await idleCpuMs(pid);
    await exercise(port, token);
    // Past the keep-alive timeout (5 s) and V8's memory reducer (a one-off GC some 10 s after the
    // last activity, on its worker threads): what remains is true idling.
    await sleep(15_000);
    const idleAfterLoad = await idleCpuMs(pid);
    const mem = rssKb(pid);
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    const idle = (ms: number) => `${ms.toFixed(0)} ms over ${(IDLE_MS / 1000).toFixed(0)} s`;
    console.log(
      `\nslipwayd footprint, ${new Date().toISOString().slice(0, 10)}, ${APPS} apps' state, Node ${process.versions.node}`,
    );
    console.log(`RSS after start          ${mb(started.rss)} MB`);
    console.log(`RSS after ${5 * (APPS + 3) + 1} requests    ${mb(mem.rss)} MB (peak ${mb(mem.hwm)} MB)`);
    console.log(`CPU idle after start     ${idle(idleAfterStart)}`);
    console.log(`CPU idle after requests  ${idle(idleAfterLoad)}`);
    console.log(
      `target                   peak RSS <= ${TARGET_RSS_MB} MB: ${mem.hwm / 1024 <= TARGET_RSS_MB ? "MET" : "NOT MET"}; idle CPU under one 10 ms tick: ${idleAfterLoad < 10 && idleAfterStart < 10 ? "MET" : "NOT MET"}`,
    );
  } finally {
    child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
