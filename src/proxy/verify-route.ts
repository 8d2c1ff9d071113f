import http from "node:http";
import { onlyGenerationAccepts } from "./nginx-workers.js";
import { ROUTE_CHECK_PATH } from "./render-vhost.js";

/**
 * Poll nginx's own route-check location (never the app) until it answers for host with the given
 * release and route tag. `nginx -s reload` returns before old workers stop accepting, so without
 * this a push could return while nginx still routes some requests to the old release.
 */
export async function waitForRoute(
  port: number,
  host: string,
  release: number,
  tag: string,
  timeoutMs = 10_000,
): Promise<boolean> {
  return waitForMarks(port, host, (marks) => marks === `${release} ${tag}`, timeoutMs);
}

/** Poll nginx until host no longer answers with the route tag: its vhost is gone from every worker. */
export async function waitForRouteGone(
  port: number,
  host: string,
  tag: string,
  timeoutMs = 10_000,
): Promise<boolean> {
  return waitForMarks(port, host, (marks) => !marks?.endsWith(` ${tag}`), timeoutMs);
}

/** Without /proc to ask, how long nginx must answer with the new marks before a route counts as switched. */
const STEADY_MS = 200;

type MarksWanted = (marks?: string) => boolean;

async function waitForMarks(
  port: number,
  host: string,
  wanted: MarksWanted,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let streak = 0;
  let since = 0;
  while (Date.now() < deadline) {
    const answer = await routeAnswer(port, host);
    const ok = wanted(answer?.marks);
    if (ok && streak === 0) since = Date.now();
    streak = ok ? streak + 1 : 0;
    // Old workers keep accepting until they handle the reload's QUIT, which on a busy host can be a
    // while. Either /proc shows that none of them accepts any more, or the new answer must hold for
    // several polls and a span of time.
    if (ok && answer!.worker && onlyGenerationAccepts(answer!.worker)) return true;
    if (streak >= 5 && Date.now() - since >= STEADY_MS) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

interface RouteAnswer {
  marks: string;
  /** The pid of the nginx worker that answered, where the location reports it. */
  worker?: number;
}

function routeAnswer(port: number, host: string): Promise<RouteAnswer | undefined> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "HEAD",
        path: ROUTE_CHECK_PATH,
        headers: { Host: host },
        timeout: 2000,
        agent: false,
      },
      (res) => {
        res.resume();
        const worker = Number(res.headers["x-slipway-worker"]);
        resolve({
          marks: `${res.headers["x-slipway-release"]} ${res.headers["x-slipway-route"]}`,
          worker: Number.isInteger(worker) && worker > 0 ? worker : undefined,
        });
      },
    );
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(undefined));
    req.end();
  });
}
