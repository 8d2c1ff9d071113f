import type { HealthSpec } from "../template/template.js";
/**
 * How a new container proves it is ready before traffic moves to it. `port` names one of the
 * service's ports; undefined means its first port. The caller resolves it to a host port.
 */
export type HealthCheck =
  | { kind: "http"; path: string; port?: string; intervalMs: number; timeoutMs: number; retries: number }
  | { kind: "tcp"; port?: string; intervalMs: number; timeoutMs: number; retries: number }
  | { kind: "cmd"; command: string[]; intervalMs: number; timeoutMs: number; retries: number }
  | { kind: "none" };

/** A service port as the gate needs it: its name and where it is published on 127.0.0.1, if at all. */
export interface NamedPort {
  name: string;
  hostPort?: number;
}

/** The host port a check talks to: the named port, else the service's first; undefined when it has none. */
export function checkHostPort(check: HealthCheck, ports: NamedPort[]): number | undefined {
  const wanted = "port" in check ? check.port : undefined;
  if (wanted === undefined) return ports[0]?.hostPort;
  const found = ports.find((p) => p.name === wanted);
  if (!found)
    throw new RangeError(
      `health check names port "${wanted}", but the service has ${ports.map((p) => p.name).join(", ") || "no ports"}`,
    );
  return found.hostPort;
}

/** A redirect counts as healthy: apps often send / to a login page. */
export function isHealthyStatus(status: number): boolean {
  return status >= 200 && status < 400;
}

/** One line for messages: what the gate was waiting for. */
export function describeCheck(check: HealthCheck): string {
  switch (check.kind) {
    case "http":
      return `HTTP GET ${check.path} answering 2xx/3xx`;
    case "tcp":
      return "its port accepting connections";
    case "cmd":
      return `\`${check.command.join(" ")}\` exiting 0 inside the container`;
    case "none":
      return "staying up";
  }
}

/** slipway.yml's `health` as a gate check: a path is HTTP, `tcp: true` a connect, `cmd` an exec; none means settle. */
export function healthCheck(spec: HealthSpec | undefined): HealthCheck {
  if (!spec || (!spec.path && !spec.tcp && !spec.cmd)) return { kind: "none" };
  // No retries given: keep trying until the gate's deadline (startTimeoutSeconds).
  const timing = {
    intervalMs: spec.intervalMs ?? 500,
    timeoutMs: spec.timeoutMs ?? 2000,
    retries: spec.retries ?? Number.MAX_SAFE_INTEGER,
  };
  if (spec.cmd) return { kind: "cmd", command: spec.cmd, ...timing };
  if (spec.path) return { kind: "http", path: spec.path, port: spec.port, ...timing };
  return { kind: "tcp", port: spec.port, ...timing };
}
