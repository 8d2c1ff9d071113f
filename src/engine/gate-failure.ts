import { SlipwayError } from "../errors.js";
import { indent } from "../output.js";
import { docker } from "./docker.js";
import { lastLogLines } from "./containers.js";
import { describeCheck, type HealthCheck } from "./health-check.js";
import type { Listener } from "./listening-sockets.js";

/** Why a gate failed, as far as the gate could tell. */
export type GateFailure =
  | { kind: "exited" }
  | { kind: "misplaced"; listener: Listener; port: number }
  | { kind: "answered"; detail: string; path: string }
  | { kind: "failed"; detail: string };

/** The error for a failed gate: what went wrong, the last log lines, and a hint for this case. */
export async function gateFailureError(
  containerId: string,
  check: HealthCheck,
  failure: GateFailure,
  waitedMs: number,
  previousServing: boolean,
): Promise<SlipwayError> {
  const logs = await lastLogLines(containerId, 20);
  const { why, hint } = await explain(containerId, check, failure, waitedMs);
  const after = previousServing
    ? "the previous release is still serving"
    : "nothing was serving before, so nothing changed";
  const tail = describeLogTail(logs);
  return new SlipwayError("start-failed", `the new container ${why}${tail}`, { hint: `${hint}; ${after}` });
}

type Explained = { why: string; hint: string };

async function explain(
  containerId: string,
  check: HealthCheck,
  f: GateFailure,
  waitedMs: number,
): Promise<Explained> {
  const what = describeCheck(check);
  switch (f.kind) {
    case "exited":
      return {
        why: `${await exitText(containerId)} before it answered its health check (${what})`,
        hint: "fix what its log lines show, then push again",
      };
    case "misplaced":
      return misplaced(f.listener, f.port);
    case "answered":
      return {
        why: `did not pass its health check (${what}): ${f.detail}`,
        hint: `make GET ${f.path} answer 2xx or 3xx once the app is ready, or set health.path to a path that does`,
      };
    case "failed":
      return {
        why: `did not pass its health check (${what}) after ${seconds(waitedMs)}: ${f.detail}`,
        hint: "make the app listen on $PORT (or the port its Dockerfile EXPOSEs) and pass its health check",
      };
  }
}

function misplaced(l: Listener, port: number): Explained {
  if (l.loopback) {
    return {
      why: `listens on ${l.address}:${l.port} inside the container, which nothing outside the container can reach`,
      hint: `make the app listen on 0.0.0.0 (all interfaces), port ${port} ($PORT), not on ${l.address}`,
    };
  }
  return {
    why: `listens on port ${l.port}, not on port ${port} where its health check and traffic go`,
    hint: `make the app listen on $PORT (${port}), or declare port ${l.port} under the service's ports in slipway.yml`,
  };
}

/** `exited with code 3`, or what else stopped it. */
async function exitText(containerId: string): Promise<string> {
  const info = await (
    await docker()
  )
    .getContainer(containerId)
    .inspect()
    .catch(() => undefined);
  if (!info) return "exited";
  if (info.State.OOMKilled) return "was killed for using too much memory (its memory limit)";
  if (info.State.Running)
    return `exited and was started again by its restart policy (${info.RestartCount} times)`;
  return `exited with code ${info.State.ExitCode}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

/** The end of a failed container's log for its error; a log with nothing visible is said so, not left blank. */
export function describeLogTail(logs: string): string {
  const lines = logs.split("\n").map((l) => l.replace(/\s+$/, ""));
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.length
    ? `; its last log lines:\n${indent(lines.join("\n"))}`
    : "; it wrote nothing to its log";
}
