import http from "node:http";
import net from "node:net";
import { listApps, type AppRecord } from "../../state/app-state.js";
import type { Observation } from "./plan-alerts.js";
import { alertOf } from "./alert-of.js";

const PROBE_TIMEOUT_MS = 5000;

/** Rounds a service must fail in a row before it counts: a probe that lands mid-switch is not an alert. */
const FAILED_ROUNDS = 2;

/**
 * Each routed service of each running app, on each container's port: its health path, or a TCP
 * connect. Returns a function for one round; it remembers how many rounds each service failed in a row.
 */
export function healthProbes(): () => Promise<Observation[]> {
  const failedRounds = new Map<string, number>();
  return async () => {
    const targets = listApps().flatMap(routedServices);
    return Promise.all(
      targets.map(async (t) => {
        const key = `health:${t.app}/${t.service}`;
        const failures = (await Promise.all(t.ports.map((port) => probe(port, t.path)))).filter(Boolean);
        failedRounds.set(key, failures.length ? (failedRounds.get(key) ?? 0) + 1 : 0);
        const holds = (failedRounds.get(key) ?? 0) >= FAILED_ROUNDS;
        const what = t.path ? `GET ${t.path}` : "a TCP connect";
        const message = failures.length
          ? `${t.app}'s ${t.service} fails ${what}: ${failures[0]}`
          : `${t.app}'s ${t.service} answers ${what} again`;
        const alert = alertOf("health-failing", message, { service: t.service }, t.app);
        // One failed round decides nothing either way: the condition stays as it was.
        return failures.length && !holds ? [] : [{ key, holds, alert }];
      }),
    ).then((lists) => lists.flat());
  };
}

type Upstream = number | string;

function routedServices(a: AppRecord): { app: string; service: string; ports: Upstream[]; path?: string }[] {
  if (!a.routes || a.routes.stopped || a.stopped || !a.current) return [];
  return Object.entries(a.routes.services).map(([service, ports]) => {
    const health = a.current?.template.services.find((s) => s.name === service)?.health;
    // A check on another port or by command is the deploy gate's; the watcher probes the routed port.
    const path = health?.path && !health.port ? health.path : undefined;
    return { app: a.name, service, ports, path };
  });
}

/** "" when healthy, else why not. */
function probe(upstream: Upstream, path?: string): Promise<string> {
  const where = address(upstream);
  return path ? probeHttp(where, path) : probeTcp(where);
}

/** A 127.0.0.1 port, or a Swarm task's NODE_ADDR:PORT as the route records it. */
function address(upstream: Upstream): { host: string; port: number } {
  if (typeof upstream === "number") return { host: "127.0.0.1", port: upstream };
  const at = upstream.lastIndexOf(":");
  return { host: upstream.slice(0, at), port: Number(upstream.slice(at + 1)) };
}

function probeHttp(where: { host: string; port: number }, path: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get({ ...where, path, timeout: PROBE_TIMEOUT_MS, agent: false }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 400 ? "" : `answered ${status}`);
    });
    req.once("timeout", () => req.destroy(new Error("no answer")));
    req.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

function probeTcp(where: { host: string; port: number }): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ ...where, timeout: PROBE_TIMEOUT_MS });
    sock.once("connect", () => (sock.destroy(), resolve("")));
    sock.once("timeout", () => (sock.destroy(), resolve("no answer")));
    sock.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
