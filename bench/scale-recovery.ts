// The scale benchmark's recovery and footprint lines: every app back on its own domain after the
// engine restarts or after ps:restore, and slipwayd's memory with every app's state present.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { engine } from "../test/support/base-image.js";
import { Daemon } from "../test/support/daemon.js";
import { run, type Harness } from "../test/support/harness.js";
import { now, pollUntil, secs } from "./timing.js";

/** Seconds until every app answers through nginx on its own domain with its own name, or undefined after limitMs. */
export async function allAnswer(h: Harness, names: string[], limitMs: number): Promise<number | undefined> {
  const start = now();
  let waiting = [...names];
  const check = async () => {
    const answers = await Promise.all(waiting.map((n) => h.fetch(n).catch(() => ({ status: 0, body: "" }))));
    waiting = waiting.filter((n, i) => answers[i].status !== 200 || answers[i].body.trim() !== n);
    return waiting.length === 0;
  };
  return (await pollUntil(check, 250, limitMs)) ? now() - start : undefined;
}

/** A host restart as the apps see it: every container of the harness stopped, then `ps:restore`. */
export async function restoreAfterStop(h: Harness, names: string[]): Promise<string> {
  const containers = await engine.listContainers({ filters: { label: [h.label] } });
  await Promise.all(containers.map((c) => engine.getContainer(c.Id).stop({ t: 1 })));
  const start = now();
  const restore = await h.slipway(["ps:restore"], undefined, { timeoutMs: 300_000 });
  if (restore.code !== 0) throw new Error(`ps:restore failed (exit ${restore.code}):\n${restore.stderr}`);
  const restoreMs = now() - start;
  const back = await allAnswer(h, names, Math.max(0, 60_000 - restoreMs));
  if (back === undefined) return "NOT within 60 s: NOT MET";
  return `${secs(now() - start)} (ps:restore itself ${secs(restoreMs)}), within 60 s: MET`;
}

/** Restart dockerd (systemd where it runs it); run this only holding the machine's exclusive engine lock. */
export async function restartEngine(): Promise<void> {
  if ((await run(["systemctl", "is-active", "--quiet", "docker"])).code === 0) {
    const res = await run(["systemctl", "restart", "docker"]);
    if (res.code !== 0) throw new Error(`systemctl restart docker failed: ${res.stderr}`);
  } else {
    const pid = Number(fs.readFileSync("/var/run/docker.pid", "utf8"));
    process.kill(pid, "SIGTERM");
    if (!(await pollUntil(async () => !fs.existsSync(`/proc/${pid}`), 250)))
      throw new Error("dockerd did not stop");
    fs.mkdirSync("/var/log/slipway", { recursive: true });
    const log = fs.openSync("/var/log/slipway/dockerd.log", "a");
    spawn("dockerd", [], { detached: true, stdio: ["ignore", log, log] }).unref();
  }
  if (!(await pollUntil(async () => (await run(["docker", "info"])).code === 0, 250)))
    throw new Error("the engine did not answer within 60 s of its restart");
}

/** slipwayd's resident memory (now and peak, MB) after it has listed every app and read each record twice. */
export async function daemonMemory(h: Harness, names: string[]): Promise<{ rss: number; hwm: number }> {
  const token = (await h.slipway(["tokens:create", "scale-bench"])).stdout.trim();
  const daemon = await new Daemon(h).start();
  try {
    for (let round = 0; round < 2; round++) {
      await daemon.request("GET", "/api/v1/apps", token);
      for (const n of names) await daemon.request("GET", `/api/v1/apps/${n}`, token);
    }
    const status = fs.readFileSync(`/proc/${daemon.child!.pid}/status`, "utf8");
    const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]) / 1024;
    return { rss: mb("VmRSS"), hwm: mb("VmHWM") };
  } finally {
    await daemon.stop();
  }
}
