import type { Settings } from "../state/settings.js";
import { SlipwayError } from "../errors.js";
import { containerIsAlive, containerStartedAt } from "./containers.js";
import type { HealthCheck } from "./health-check.js";
import { gateFailureError, type GateFailure } from "./gate-failure.js";
import { containerAddress, probeCmd, probeHttp, probeTcp, type ProbeResult } from "./health-probes.js";
import { containerListeners, misplacedListener } from "./listening-sockets.js";

export interface GateTarget {
  containerId: string;
  /** The check's port as published on 127.0.0.1; undefined for services without ports. */
  hostPort?: number;
  /** The check's port inside the container, when it is not the one published. */
  containerPort?: number;
}

export interface GateOptions {
  /** How long a container must stay up once its port accepts, for checks of kind "none". */
  settleMs: number;
  /** The whole gate's time limit, whatever the check's retries allow. */
  deadlineMs: number;
  /** A release is live and keeps serving if this gate fails; the hint says so only then. */
  previousServing?: boolean;
}

/** The gate's limits from the server settings. */
export function gateOptions(settings: Settings): GateOptions {
  return { settleMs: settings.settleSeconds * 1000, deadlineMs: settings.startTimeoutSeconds * 1000 };
}

type Outcome = { kind: "passed" } | GateFailure;

/** "none" still waits for the app's port, polled quickly, bounded by the gate's deadline only. */
const ACCEPTS: Extract<HealthCheck, { kind: "tcp" }> = {
  kind: "tcp",
  intervalMs: 100,
  timeoutMs: 1000,
  retries: Number.MAX_SAFE_INTEGER,
};

/** How long the app must keep listening in the wrong place before the gate gives up on it. */
const MISPLACED_MS = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A probe bound to where the app listens, and the container port it checks (none for cmd checks). */
interface BoundProbe {
  probe: (timeoutMs: number) => Promise<ProbeResult>;
  port?: number;
}

/**
 * Resolve once the new container passes its check; throw with its last log lines otherwise.
 * A container that exits, listens where nobody can reach it, or answers 4xx fails at once.
 */
export async function passGate(target: GateTarget, check: HealthCheck, opts: GateOptions): Promise<void> {
  const rest = await passGateUntilSettle(target, check, opts);
  await rest();
}

/**
 * The gate in two parts: resolves once the check passes or, without a check, once the port
 * accepts; what it returns waits out the rest of settleMs. A deploy moves traffic in between,
 * keeping the old containers as nginx backups, so the settle is not on the path to live.
 */
export async function passGateUntilSettle(
  target: GateTarget,
  check: HealthCheck,
  opts: GateOptions,
): Promise<() => Promise<void>> {
  const started = Date.now();
  const deadline = started + opts.deadlineMs;
  const verdict = async (outcome: Outcome) => {
    if (outcome.kind === "passed") return;
    throw await gateFailureError(
      target.containerId,
      check,
      outcome,
      Date.now() - started,
      !!opts.previousServing,
    );
  };
  if (check.kind !== "none") {
    await verdict(await poll(target, check, deadline));
    return async () => {};
  }
  if (target.hostPort !== undefined) await verdict(await poll(target, ACCEPTS, deadline));
  return async () => verdict(await settle(target, opts.settleMs, deadline));
}

/** Probe every interval until one passes, `retries` probes have failed, or the deadline. */
async function poll(
  target: GateTarget,
  check: Exclude<HealthCheck, { kind: "none" }>,
  deadline: number,
): Promise<Outcome> {
  // An exited container has no address left to probe: that is a crash, not a missing port.
  const bound = await probeFor(target, check).catch(async (err) =>
    (await containerIsAlive(target.containerId)) ? Promise.reject(err) : undefined,
  );
  if (!bound) return { kind: "exited" };
  let last = "no probe finished";
  let misplacedSince: number | undefined;
  for (let failures = 0; failures < Math.max(1, check.retries) && Date.now() < deadline; failures++) {
    const result = await bound.probe(Math.max(50, Math.min(check.timeoutMs, deadline - Date.now())));
    if (result.ok) return { kind: "passed" };
    last = result.detail;
    if (!(await containerIsAlive(target.containerId))) return { kind: "exited" };
    if (result.status && result.status >= 400 && result.status < 500 && ![408, 429].includes(result.status)) {
      return { kind: "answered", detail: result.detail, path: check.kind === "http" ? check.path : "/" };
    }
    const misplaced = bound.port
      ? misplacedListener(await containerListeners(target.containerId), bound.port)
      : undefined;
    misplacedSince = misplaced ? (misplacedSince ?? Date.now()) : undefined;
    if (misplaced && Date.now() - misplacedSince! >= MISPLACED_MS) {
      return { kind: "misplaced", listener: misplaced, port: bound.port! };
    }
    await sleep(Math.min(check.intervalMs, Math.max(0, deadline - Date.now())));
  }
  return { kind: "failed", detail: last };
}

/**
 * Without a check, once the app's own socket accepts (when the service publishes a port): the
 * container has stayed up for settleMs since it started; a slow boot counts towards that time.
 */
async function settle(target: GateTarget, settleMs: number, deadline: number): Promise<Outcome> {
  const until = Math.min(deadline, (await containerStartedAt(target.containerId)) + settleMs);
  while (Date.now() < until) {
    if (!(await containerIsAlive(target.containerId))) return { kind: "exited" };
    await sleep(Math.min(200, Math.max(0, until - Date.now())));
  }
  return (await containerIsAlive(target.containerId)) ? { kind: "passed" } : { kind: "exited" };
}

/** One probe function per check kind, bound to where the app listens. */
async function probeFor(
  target: GateTarget,
  check: Exclude<HealthCheck, { kind: "none" }>,
): Promise<BoundProbe> {
  if (check.kind === "cmd") return { probe: (t) => probeCmd(target.containerId, check.command, t) };
  const addr = await containerAddress(target.containerId, target.hostPort, target.containerPort);
  if (check.kind === "http" && target.hostPort) {
    return { probe: (t) => probeHttp("127.0.0.1", target.hostPort!, check.path, t), port: addr.port };
  }
  if (!addr.ip || !addr.port) {
    throw new SlipwayError(
      "health-config",
      `a ${check.kind} health check needs a port, and this container has none`,
      {
        hint: "expose a port for the service, or use a command check (cmd) instead",
      },
    );
  }
  const { ip, port } = addr as Required<typeof addr>;
  if (check.kind === "http") return { probe: (t) => probeHttp(ip, port, check.path, t), port };
  return { probe: (t) => probeTcp(ip, port, t), port };
}
