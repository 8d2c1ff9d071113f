import { logSources, type LogSource } from "../engine/log-sources.js";
import { prefixLines } from "./prefix-lines.js";
import { SlipwayError } from "../errors.js";
import { describeScope, visibleApps } from "../git/access-scope.js";
import { readKeys } from "../git/keys.js";
import { appSummary } from "../state/app-summary.js";
import { listApps } from "../state/app-state.js";
import { copyContainerLogs } from "./engine-logs.js";
import { holdFollow, MAX_FOLLOWS_PER_TOKEN } from "./follow-limit.js";
import { renderOpenApi } from "./openapi.js";
import { runCli } from "./run-cli.js";
import { API_LOCK_SECONDS, requireApp } from "./require-app.js";
import { deploymentRoutes } from "./deployment-routes.js";
import { domainRoutes } from "./domain-routes.js";
import { operationRoutes } from "./operation-routes.js";
import type { Route } from "./route-table.js";

/** Whole, non-negative integer from the query string, or the default. */
function queryInt(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw new SlipwayError("bad-request", `${name} must be a whole number, got ${JSON.stringify(raw)}`, {
      hint: `e.g. ?${name}=50`,
    });
  }
  return n;
}

const appRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/apps",
    summary: "list apps with their live release and URL",
    scope: "any",
    responses: { 200: "array of {name, release, sha, deployed, url}" },
    handle: async ({ settings, caller }) =>
      visibleApps(caller, listApps()).map((a) => appSummary(settings, a)),
  },
  {
    method: "GET",
    path: "/api/v1/apps/{app}",
    summary: "one app's record: deploy branch, live release, routes",
    scope: "app",
    responses: { 200: "the app record", 400: "invalid app name", 404: "no such app" },
    handle: async ({ params }) => requireApp(params.app),
  },
  {
    method: "DELETE",
    path: "/api/v1/apps/{app}",
    summary: "remove an app: vhost, containers, images, repository and state",
    scope: "app",
    responses: {
      200: "{destroyed: APP}",
      400: "invalid app name",
      404: "no such app",
      409: "a deploy of the app is running",
    },
    handle: async ({ params }) => {
      requireApp(params.app);
      await runCli(["apps:destroy", params.app, "--force", "--wait", String(API_LOCK_SECONDS)]);
      return { destroyed: params.app };
    },
  },
  {
    method: "GET",
    path: "/api/v1/apps/{app}/logs",
    summary:
      "the output of the app's containers as text, each line prefixed `service.N | `; follow=1 keeps streaming",
    scope: "app",
    query: {
      follow: "1 to keep streaming new lines",
      lines: "how many past lines of each container to start with (default 100)",
      service: "only this service's containers",
    },
    responses: {
      200: "text/plain, chunked",
      400: "bad query or app name",
      404: "no such app, or nothing deployed",
      429: `the token already holds ${MAX_FOLLOWS_PER_TOKEN} follow=1 streams open`,
    },
    streams: true,
    handle: async ({ params, query, res, caller }) => {
      const tail = queryInt(query, "lines", 100);
      const follow = query.get("follow") === "1";
      const current = requireApp(params.app).current;
      if (!current)
        throw new SlipwayError("not-deployed", `${params.app} has no running release`, {
          hint: "push to it first: git push <remote> master",
        });
      const sources = logSources(current, query.get("service") ?? undefined);
      if (!sources.length)
        throw new SlipwayError(
          "not-deployed",
          `${params.app} has no running service named ${query.get("service")}`,
          { hint: "see GET /api/v1/apps/{app}" },
        );
      const stop = new AbortController();
      res.once("close", () => stop.abort()); // the client went away: stop following
      if (follow) res.once("close", holdFollow(caller.name));
      let started = false;
      const onStart = () => {
        if (started) return;
        started = true;
        res.writeHead(200, {
          "content-type": "text/plain; charset=utf-8",
          "x-content-type-options": "nosniff",
        });
        res.flushHeaders();
      };
      const width = Math.max(...sources.map((x) => x.prefix.length));
      const copy = (x: LogSource) => {
        const lines = prefixLines(res, x.prefix.padEnd(width));
        return copyContainerLogs(x.containerId, lines, {
          follow,
          tail,
          signal: stop.signal,
          onStart,
        }).finally(() => new Promise((r) => lines.end(r)));
      };
      if (follow) await Promise.all(sources.map(copy));
      else for (const x of sources) await copy(x);
      res.end();
      return undefined;
    },
  },
];

const keyRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/keys",
    summary: "the SSH keys that may push",
    scope: "admin",
    responses: { 200: "array of {name, type, fingerprint, scope}" },
    handle: async ({ settings }) =>
      (await readKeys(settings)).map((k) => ({
        name: k.name,
        type: k.type,
        fingerprint: k.fingerprint,
        scope: describeScope(k.scope),
      })),
  },
];

/** Every route slipwayd serves besides /git/; add an endpoint by adding an entry. */
export const apiRoutes: Route[] = [
  ...appRoutes,
  ...deploymentRoutes,
  ...operationRoutes,
  ...domainRoutes,
  ...keyRoutes,
  {
    method: "GET",
    path: "/openapi.json",
    summary: "this API as an OpenAPI 3 document",
    scope: "any",
    responses: { 200: "OpenAPI 3.0 document" },
    handle: async () => renderOpenApi(apiRoutes),
  },
];
