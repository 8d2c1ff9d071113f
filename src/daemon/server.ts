import http from "node:http";
import type { Logger } from "winston";
import { loadSettings } from "../state/settings.js";
import { authenticate } from "./auth.js";
import { dashboardRoutes } from "./dashboard/dashboard-routes.js";
import { isDashboardPath, serveDashboard } from "./dashboard/dashboard-server.js";
import { answerClientError } from "./client-error.js";
import { parseGitPath } from "./git-http-path.js";
import { serveGitHttp } from "./git-http.js";
import { sendError, sendJson, statusOf } from "./http-error.js";
import { readJsonBody } from "./read-json-body.js";
import { parseRequestTarget } from "./request-target.js";
import { authorizeRoute, matchRoute, type Route } from "./route-table.js";
import { readTokens } from "./token-store.js";

interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  isGit: boolean;
  caller: string;
}

/** Limits on what a client may hold open: a whole head in 30 s, a whole request (a git pack) in an hour. */
const SERVER_OPTIONS: http.ServerOptions = {
  headersTimeout: 30_000,
  requestTimeout: 3_600_000,
  maxHeaderSize: 16 << 10,
};

/** slipwayd's HTTP server: authenticate first, then git over HTTP or a route from the table. */
export function createDaemonServer(routes: Route[], log: Logger): http.Server {
  const server = http.createServer(SERVER_OPTIONS, (req, res) => {
    const started = Date.now();
    const ex: Exchange = { req, res, isGit: req.url?.startsWith("/git/") ?? false, caller: "-" };
    res.once("close", () =>
      log.info("request", {
        method: req.method,
        path: loggedPath(req.url),
        status: res.statusCode,
        ms: Date.now() - started,
        caller: ex.caller,
      }),
    );
    // Everything, URL parsing included, runs inside the promise, so any failure becomes an answer.
    handle(ex, routes, log).catch((err) => fail(ex, err, log));
  });
  server.on("clientError", answerClientError);
  return server;
}

async function handle(ex: Exchange, routes: Route[], log: Logger): Promise<void> {
  const url = parseRequestTarget(ex.req.url);
  // The browser's pages hold a session cookie instead of a token; serveDashboard checks it first.
  if (!ex.isGit && isDashboardPath(dashboardRoutes, url.pathname)) {
    ex.caller = await serveDashboard(dashboardRoutes, ex.req, ex.res, url, loadSettings());
    return;
  }
  // Before anything else on the API and git: no path, repo or handler is touched unauthenticated.
  const caller = authenticate(ex.req.headers.authorization, readTokens());
  ex.caller = caller.name;
  const settings = loadSettings();
  const method = ex.req.method ?? "GET";
  if (ex.isGit) {
    const git = parseGitPath(method, url.pathname, url.searchParams);
    return serveGitHttp(settings, git, caller, ex.req, ex.res, log);
  }
  const { route, params } = matchRoute(routes, method, url.pathname);
  const input = route.body === undefined ? undefined : await readJsonBody(ex.req);
  authorizeRoute(route, params, input, caller);
  const body = await route.handle({
    params,
    query: url.searchParams,
    settings,
    caller,
    body: input,
    req: ex.req,
    res: ex.res,
  });
  if (body !== undefined) sendJson(ex.res, 200, body);
}

function fail(ex: Exchange, err: unknown, log: Logger): void {
  try {
    const error = String((err as Error)?.stack ?? err);
    if (statusOf(err) >= 500) log.error("request failed", { path: loggedPath(ex.req.url), error });
    // git asks for credentials only after a Basic challenge; API clients are told to use Bearer.
    const challenge = ex.isGit ? 'Basic realm="slipway", charset="UTF-8"' : 'Bearer realm="slipway"';
    // An unread body (too large, or never needed) is not drained: the connection closes after the answer.
    const close: Record<string, string> = ex.req.complete ? {} : { connection: "close" };
    sendError(ex.res, err, statusOf(err) === 401 ? { "www-authenticate": challenge, ...close } : close);
  } catch {
    ex.res.destroy(); // the answer itself failed (socket gone): nothing left to tell the client
  }
}

/** The path as logged: no query (it may carry secrets some day), bounded in length. */
function loggedPath(raw: string | undefined): string {
  return (raw ?? "").split("?")[0].slice(0, 200);
}
