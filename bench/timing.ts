// Timing helpers shared by the benchmarks.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { engine } from "../test/support/base-image.js";
import type { Harness, WorkTree } from "../test/support/harness.js";
import { phaseStarts, type Phase } from "../src/step-lines.js";

export interface Timed {
  ms: number;
  lines: Array<{ ms: number; text: string }>;
  code: number;
}

export const now = () => performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const secs = (ms: number) => (ms / 1000).toFixed(2);

/** The pid of the process whose command line contains text (sshd rewrites its own into one string). */
export function findPid(text: string): number {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = (() => {
      try {
        return fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      } catch {
        return ""; // exited meanwhile
      }
    })();
    if (argv.includes(text)) return Number(entry);
  }
  throw new Error(`no process runs ${text}`);
}

/**
 * CPU time (ms) of the reaped children of a process: of sshd, every program a push ran under it
 * (both Node starts, git, the hook's children). Unlike wall time it barely moves with others' load.
 */
export function childCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime, cstime: fields 16 and 17, in 10 ms ticks
}

/** `git push` with each stderr line timestamped, so the deploy's phases can be read off it. */
export function timedPush(
  work: WorkTree,
  env: NodeJS.ProcessEnv,
  url: string,
  onLine: (text: string) => void = () => undefined,
): Promise<Timed> {
  const start = now();
  const child = spawn("git", ["push", "--progress", url, "master"], {
    cwd: work.dir,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const lines: Timed["lines"] = [];
  let pending = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    const parts = (pending + d).split("\n");
    pending = parts.pop()!;
    for (const text of parts) {
      lines.push({ ms: now() - start, text });
      onLine(text);
    }
  });
  return new Promise((resolve) =>
    child.once("close", (code) => resolve({ ms: now() - start, lines, code: code ?? 1 })),
  );
}

/** Poll until ok() holds, every stepMs; false after limitMs. */
export async function pollUntil(
  ok: () => Promise<boolean>,
  stepMs: number,
  limitMs = 60_000,
): Promise<boolean> {
  const deadline = now() + limitMs;
  while (now() < deadline) {
    if (await ok().catch(() => false)) return true;
    await sleep(stepMs);
  }
  return false;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Wait out the background retire of the old release, so it never overlaps a measurement. */
export async function settle(h: Harness, app: string): Promise<void> {
  const alone = async () =>
    (await engine.listContainers({ all: true, filters: { label: [h.label, `slipway.app=${app}`] } }))
      .length === 1;
  if (!(await pollUntil(alone, 200, 30_000))) {
    const left = await engine.listContainers({ all: true, filters: { label: [h.label] } });
    throw new Error(
      `the replaced container was not retired within 30 s: ${left.map((c) => `${c.Names[0]} ${c.Status}`).join(", ")}`,
    );
  }
}

export type PhaseTimes = Record<"receive" | Phase, number>;

/**
 * Split a push at the step lines the CLI defines (src/step-lines.ts): receive until the build starts,
 * build, start (plan, start, health check), route until `endMs`. A missing step or a figure that is not a
 * number throws, so a changed step line fails the benchmark instead of printing NaN.
 */
export function pushPhases(push: Timed, endMs: number): PhaseTimes {
  const said = () => push.lines.map((l) => l.text).join("\n");
  const marks = (Object.keys(phaseStarts) as Phase[]).map((phase) => {
    const line = push.lines.find((l) => phaseStarts[phase].test(l.text));
    if (!line)
      throw new Error(`the push printed no ${phase} step (${phaseStarts[phase]}); it said:\n${said()}`);
    return line.ms;
  });
  const [build, start, route] = [...marks, endMs].map((ms, i) => ms - (i ? marks[i - 1] : 0)).slice(1);
  const phases = { receive: marks[0], build, start, route };
  for (const [phase, ms] of Object.entries(phases)) {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`phase ${phase} measured ${ms} ms; the push said:\n${said()}`);
  }
  return phases;
}

/** Per-phase medians, one line, for the profile every push benchmark prints. */
export function phaseProfile(all: PhaseTimes[]): string {
  const keys = Object.keys(all[0] ?? {}) as Array<keyof PhaseTimes>;
  return keys.map((k) => `${k} ${secs(median(all.map((p) => p[k])))}`).join("  ·  ");
}
