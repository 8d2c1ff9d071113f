import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { onlyGenerationAccepts } from "../../src/proxy/nginx-workers.js";
import { freePort } from "../support/harness.js";

// A real nginx of the test's own: the route confirmation reads its workers' generations from /proc.
const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-nginx-workers-"));
const conf = path.join(prefix, "nginx.conf");
let port = 0;

function writeConfig(mark: string): void {
  fs.writeFileSync(
    conf,
    `worker_processes 2;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents {}\n` +
      `http {\n  access_log off;\n  server {\n    listen 127.0.0.1:${port};\n` +
      `    location / {\n      add_header X-Mark ${mark} always;\n      add_header X-Slipway-Worker $pid always;\n      return 204;\n    }\n  }\n}\n`,
  );
}

function nginx(...args: string[]): void {
  const res = spawnSync("nginx", ["-p", prefix, "-e", `${prefix}/error.log`, "-c", conf, ...args], {
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
}

function ask(): Promise<{ mark: string; worker: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: "HEAD", timeout: 2000, agent: false },
      (res) => {
        res.resume();
        resolve({ mark: String(res.headers["x-mark"]), worker: Number(res.headers["x-slipway-worker"]) });
      },
    );
    req.once("timeout", () => req.destroy(new Error("nginx did not answer in 2 s")));
    req.once("error", reject);
    req.end();
  });
}

/** The workers nginx's master runs now; read from /proc like the code under test. */
function workersOf(worker: number): number[] {
  const master = fs.readFileSync(`/proc/${worker}/stat`, "utf8").split(") ")[1].split(" ")[1];
  return fs
    .readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return fs.readFileSync(`/proc/${e}/stat`, "utf8").split(") ")[1].split(" ")[1] === master;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ask until an answer carries `mark`; bounded in count and time. */
async function askUntil(mark: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const answer = await ask();
    if (answer.mark === mark) return answer.worker;
    await sleep(20);
  }
  throw new Error(`nginx never answered with ${mark}`);
}

before(async () => {
  port = await freePort();
  writeConfig("one");
  nginx();
});

after(() => {
  spawnSync("nginx", ["-p", prefix, "-c", conf, "-s", "stop"]);
  for (let i = 0; i < 50 && fs.existsSync(`${prefix}/nginx.pid`); i++) spawnSync("sleep", ["0.1"]);
  fs.rmSync(prefix, { recursive: true, force: true });
});

test("a worker of the only generation counts as switched", async () => {
  const worker = await askUntil("one");
  assert.equal(onlyGenerationAccepts(worker), true);
});

test("after a reload, a new worker's answer is not enough while an old worker still accepts", async () => {
  const old = workersOf(await askUntil("one"));
  await sleep(50); // the next generation starts clock ticks later
  // Stopped, the old workers cannot handle the reload's QUIT: they stay titled as accepting.
  for (const pid of old) process.kill(pid, "SIGSTOP");
  try {
    writeConfig("two");
    nginx("-s", "reload");
    const fresh = await askUntil("two");
    assert.ok(!old.includes(fresh), "a worker of the new config answered");
    assert.equal(onlyGenerationAccepts(fresh), false);
  } finally {
    for (const pid of old) process.kill(pid, "SIGCONT");
  }
  const fresh = await askUntil("two");
  let switched = false;
  for (let i = 0; i < 100 && !switched; i++, await sleep(20))
    switched = onlyGenerationAccepts(fresh) === true;
  assert.ok(switched, "once the old workers handled QUIT, only the new generation accepts");
});

test("says it cannot tell for a pid that is no nginx worker", () => {
  assert.equal(onlyGenerationAccepts(process.pid), undefined);
});
