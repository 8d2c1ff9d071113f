import { SlipwayError } from "../../errors.js";
import { describeCheck, type HealthCheck } from "../health-check.js";
import { probeHttp, probeTcp, type ProbeResult } from "../health-probes.js";
import { taskAddresses, type TaskView } from "./plan-upstreams.js";
import { serviceTasks, swarmNodes } from "./swarm-services.js";

export interface TaskGate {
  /** The Swarm service's name. */
  service: string;
  /** Tasks that must be running. */
  count: number;
  check: HealthCheck;
  /** The container port published in host mode, probed at NODE:PORT; none for workers. */
  port?: number;
  settleMs: number;
  deadlineMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FAILED = new Set(["failed", "rejected", "shutdown", "orphaned"]);

/**
 * Resolve once `count` tasks run and each answers its check at NODE:PORT; a task Swarm gives up on
 * fails the gate at once with the engine's reason. Returns the healthy addresses, for nginx.
 */
export async function gateTasks(gate: TaskGate): Promise<string[]> {
  const deadline = Date.now() + gate.deadlineMs;
  let last = "no task started";
  while (Date.now() < deadline) {
    const tasks = await serviceTasks(gate.service);
    const failed = tasks.find((t) => t.DesiredState === "running" && FAILED.has(t.Status?.State ?? ""));
    const broken = tasks.find((t) => FAILED.has(t.Status?.State ?? "") && taskErr(t));
    if (failed || broken) throw gateError(gate, `a task failed: ${taskErr((failed ?? broken)!)}`);
    const running = tasks.filter((t) => t.DesiredState === "running" && t.Status?.State === "running");
    last = `${running.length} of ${gate.count} tasks running`;
    if (running.length >= gate.count) {
      const healthy = await probeAll(gate, running);
      if (healthy.ok) return healthy.addresses;
      last = healthy.detail;
    }
    await sleep(250);
  }
  throw gateError(gate, `not ready within ${Math.round(gate.deadlineMs / 1000)}s: ${last}`);
}

async function probeAll(
  gate: TaskGate,
  running: TaskView[],
): Promise<{ ok: boolean; addresses: string[]; detail: string }> {
  if (gate.port === undefined || gate.check.kind === "cmd") {
    await sleep(gate.settleMs);
    return { ok: true, addresses: [], detail: "" };
  }
  const addrs = taskAddresses(running, await swarmNodes(), gate.port).map((t) => t.address);
  if (addrs.length < gate.count) return { ok: false, addresses: [], detail: "tasks have no address yet" };
  const results = await Promise.all(addrs.map((a) => probe(gate.check, a)));
  const bad = results.find((r) => !r.ok);
  return { ok: !bad, addresses: addrs, detail: bad?.detail ?? "" };
}

function probe(check: HealthCheck, address: string): Promise<ProbeResult> {
  const [host, port] = [address.replace(/:\d+$/, ""), Number(address.split(":")[1])];
  if (check.kind === "http") return probeHttp(host, port, check.path, check.timeoutMs);
  return probeTcp(host, port, "timeoutMs" in check ? check.timeoutMs : 1000);
}

const taskErr = (t: TaskView) => (t as { Status?: { Err?: string; State?: string } }).Status?.Err ?? "exited";

function gateError(gate: TaskGate, why: string): SlipwayError {
  return new SlipwayError(
    "health-gate",
    `${gate.service} did not pass its gate (${describeCheck(gate.check)}): ${why}`,
    {
      hint: "see its output with `slipway logs APP`; the previous release keeps serving",
    },
  );
}
