import http from "node:http";

export interface LoadOptions {
  /** nginx's port on 127.0.0.1; requests pick the app by Host header. */
  port: number;
  host: string;
  path?: string;
  /** Hard bounds: the loop stops at whichever comes first, or at stop(). */
  maxRequests: number;
  maxMs: number;
  /** Parallel clients; even ones reuse keep-alive connections, odd ones open a fresh connection per request. */
  clients?: number;
}

export interface LoadReport {
  sent: number;
  failed: number;
  p99Ms: number;
  /** Requests resent once because a reused keep-alive connection was closed under them. */
  retried: number;
  /** The first few failures, for the assertion message. */
  failures: string[];
  /** How many 200 answers had each body (its first 80 characters): which release served. */
  bodies: Record<string, number>;
}

export interface LoadLoop {
  /** Stop sending, wait for requests in flight, and report. */
  stop(): Promise<LoadReport>;
}

/** Start a bounded request loop against nginx; every non-200 answer or socket error counts as failed. */
export function startLoadLoop(opts: LoadOptions): LoadLoop {
  const deadline = Date.now() + opts.maxMs;
  const latencies: number[] = [];
  const failures: string[] = [];
  let sent = 0;
  let failed = 0;
  let retried = 0;
  let stopped = false;
  const bodies: Record<string, number> = {};
  const seen = (body: string) => (bodies[body.slice(0, 80)] = (bodies[body.slice(0, 80)] ?? 0) + 1);
  const more = () => !stopped && sent < opts.maxRequests && Date.now() < deadline;
  const client = async (keepAlive: boolean) => {
    const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    while (more()) {
      sent++;
      const t0 = performance.now();
      const error = await requestWithRetry(opts, agent, () => retried++, seen);
      latencies.push(performance.now() - t0);
      if (error) {
        failed++;
        if (failures.length < 10) failures.push(error);
      }
      await new Promise((r) => setTimeout(r, 2)); // leave the 2-core machine room for the deploy itself
    }
    if (agent) agent.destroy();
  };
  const running = Promise.all(Array.from({ length: opts.clients ?? 4 }, (_, i) => client(i % 2 === 0)));
  return {
    async stop() {
      stopped = true;
      await running;
      return { sent, failed, retried, p99Ms: percentile(latencies, 0.99), failures, bodies };
    },
  };
}

/**
 * One GET; undefined on a 200, else what went wrong. A keep-alive connection the server closed
 * just as we reused it (nginx closes idle ones on reload) is retried once on a fresh one, as
 * browsers and curl do and HTTP allows for idempotent requests; that retry is counted.
 */
async function requestWithRetry(
  opts: LoadOptions,
  agent: http.Agent | false,
  onRetry: () => void,
  onBody: (body: string) => void,
): Promise<string | undefined> {
  const first = await requestOnce(opts, agent, onBody);
  if (first !== STALE_SOCKET) return first;
  onRetry();
  const again = await requestOnce(opts, false, onBody);
  return again === STALE_SOCKET ? "request: socket hang up on a fresh connection" : again;
}

const STALE_SOCKET = "stale keep-alive socket";

function requestOnce(
  opts: LoadOptions,
  agent: http.Agent | false,
  onBody: (body: string) => void,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    let answered = false;
    const req = http.get(
      {
        host: "127.0.0.1",
        port: opts.port,
        path: opts.path ?? "/",
        headers: { Host: opts.host },
        agent,
        timeout: 5000,
      },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.once("end", () => {
          if (res.statusCode === 200) onBody(body);
          resolve(
            res.statusCode === 200
              ? undefined
              : `HTTP ${res.statusCode} from release ${res.headers["x-slipway-release"]}`,
          );
        });
        res.once("error", (err) => resolve(`response: ${err.message}`));
      },
    );
    req.once("timeout", () => req.destroy(new Error("no answer within 5s")));
    req.once("error", (err) =>
      resolve(
        !answered && req.reusedSocket && /hang up|ECONNRESET/.test(err.message)
          ? STALE_SOCKET
          : `request: ${err.message}`,
      ),
    );
  });
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
