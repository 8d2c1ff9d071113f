import http from "node:http";
import type { Logger } from "winston";
import { loadSettings } from "../state/settings.js";
import { authenticate } from "./auth.js";
import { parseGitPath } from "./git-http-path.js";
import { serveGitHttp } from "./git-http.js";
import { sendError, sendJson, statusOf } from "./http-error.js";
import { readJsonBody } from "./read-json-body.js";
import { authorizeRoute, matchRoute, type Route } from "./route-table.js";
import { readTokens } from "./token-store.js";

interface Exchange {
  url: URL;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  isGit: boolean;
  caller: string;
}

/** slipwayd's HTTP server: authenticate first, then git over HTTP or a route from the table. */
export function createDaemonServer(routes: Route[], log: Logger): http.Server {
  return http.createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const ex: Exchange = { url, req, res, isGit: url.pathname.startsWith("/git/"), caller: "-" };
    res.once("close", () => log.info("request", { method: req.method, path: url.pathname, status: res.statusCode, ms: Date.now() - started, caller: ex.caller }));
    handle(ex, routes, log).catch((err) => {
      if (statusOf(err) >= 500) log.error("request failed", { path: url.pathname, error: String(err?.stack ?? err) });
      // git asks for credentials only after a Basic challenge; API clients are told to use Bearer.
      const challenge = ex.isGit ? 'Basic realm="slipway", charset="UTF-8"' : 'Bearer realm="slipway"';
      sendError(res, err, statusOf(err) === 401 ? { "www-authenticate": challenge } : {});
    });
  });
}

async function handle(ex: Exchange, routes: Route[], log: Logger): Promise<void> {
  // Before anything else, on every request: no path, repo or handler is touched unauthenticated.
  const caller = authenticate(ex.req.headers.authorization, readTokens());
  ex.caller = caller.name;
  const settings = loadSettings();
  const method = ex.req.method ?? "GET";
  if (ex.isGit) return serveGitHttp(settings, parseGitPath(method, ex.url.pathname, ex.url.searchParams), caller, ex.req, ex.res, log);
  const { route, params } = matchRoute(routes, method, ex.url.pathname);
  const input = route.body === undefined ? undefined : await readJsonBody(ex.req);
  authorizeRoute(route, params, input, caller);
  const body = await route.handle({ params, query: ex.url.searchParams, settings, caller, body: input, req: ex.req, res: ex.res });
  if (body !== undefined) sendJson(ex.res, 200, body);
}
