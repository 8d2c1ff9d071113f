import type { IncomingMessage, ServerResponse } from "node:http";
import { SlipwayError } from "../errors.js";
import { requireAccess, requireAdmin, type Caller } from "../git/access-scope.js";
import { parseAppName } from "../state/app-name.js";
import { parseDomainPattern } from "../proxy/domain.js";
import { parseConfigName } from "../state/config.js";
import { parseServiceName } from "../template/service-name.js";
import type { Settings } from "../state/settings.js";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  settings: Settings;
  /** The token that authenticated this request: its name and scope. */
  caller: Caller;
  /** The parsed JSON body, for routes that declare one; undefined otherwise. */
  body: unknown;
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * Who may call a route (authorizeRoute checks it before the handler runs): admin tokens only; any
 * token (the route names no app, and a listing shows only the caller's apps); a token whose scope
 * holds the app in the path parameter {app} ("app"); or the app named by a field of the JSON body.
 */
export type RouteScope = "admin" | "any" | "app" | { bodyField: string };

/** One API endpoint: enough to serve it and to document it, so the docs cannot drift from the code. */
export interface Route {
  method: Method;
  /** OpenAPI-style template: /api/v1/apps/{app}. */
  path: string;
  summary: string;
  query?: Record<string, string>;
  /** What the JSON request body holds; the server reads and parses it only for routes that set this. */
  body?: string;
  /** Status → what it means; 401 is added to every route. */
  responses: Record<number, string>;
  scope: RouteScope;
  /** Answers with streamed text/plain instead of JSON. */
  streams?: boolean;
  /** Returns the JSON body (sent with 200), or undefined after writing the response itself. */
  handle(ctx: RouteContext): Promise<unknown>;
}

/** Every path parameter name is validated at the boundary by its parser before a handler sees it. */
export const pathParams: Record<string, { description: string; parse: (raw: string) => string }> = {
  app: { description: "app name (lowercase letters, digits and dashes)", parse: parseAppName },
  service: { description: "service name as in slipway.yml", parse: parseServiceName },
  var: { description: "config var name (letters, digits and _)", parse: parseConfigName },
  domain: { description: "a domain name", parse: parseDomainPattern },
  release: { description: "a release number (1, 2, ...)", parse: parseReleaseParam },
};

function parseReleaseParam(raw: string): string {
  if (/^[1-9]\d{0,8}$/.test(raw)) return raw;
  throw new SlipwayError("bad-request", `${JSON.stringify(raw)} is not a release number`, {
    hint: "see GET /api/v1/deployments/{app}/releases",
  });
}

export type RouteMatch<R = Route> = { route: R; params: Record<string, string> };

/** The route for method and path; a 404 or 405 SlipwayError when there is none. */
export function matchRoute<R extends Pick<Route, "method" | "path">>(
  routes: R[],
  method: string,
  pathname: string,
): RouteMatch<R> {
  const onPath = routes.flatMap((route) => {
    const params = matchPath(route.path, pathname);
    return params ? [{ route, params }] : [];
  });
  if (onPath.length === 0)
    throw new SlipwayError("not-found", `no such endpoint: ${pathname}`, {
      hint: "GET /openapi.json lists the endpoints",
    });
  const hit = onPath.find((m) => m.route.method === method);
  if (!hit) {
    const allowed = onPath.map((m) => m.route.method).join(", ");
    throw new SlipwayError("method-not-allowed", `${method} is not allowed on ${pathname}`, {
      hint: `use ${allowed}`,
    });
  }
  return { route: hit.route, params: parseParams(hit.params) };
}

/** The one scope check for the API, after the route is matched and its body read. */
export function authorizeRoute(
  route: Pick<Route, "method" | "path" | "scope">,
  params: Record<string, string>,
  body: unknown,
  caller: Caller,
): void {
  if (caller.scope === "admin" || route.scope === "any") return;
  if (route.scope === "admin") return requireAdmin(caller, `${route.method} ${route.path}`);
  const field = route.scope === "app" ? undefined : route.scope.bodyField;
  const raw = field === undefined ? params.app : (body as Record<string, unknown> | undefined)?.[field];
  if (typeof raw !== "string") {
    const where = field ? ` in the body's ${field}` : "";
    throw new SlipwayError("bad-request", `this request must name an app${where}`, {
      hint: "see GET /openapi.json",
    });
  }
  requireAccess(caller, parseAppName(raw));
}

function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const name = /^\{(\w+)\}$/.exec(want[i])?.[1];
    if (name) params[name] = got[i];
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

function parseParams(raw: Record<string, string>): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const param = pathParams[name];
    if (!param) throw new SlipwayError("route", `route parameter {${name}} has no parser in pathParams`);
    parsed[name] = param.parse(safeDecode(value));
  }
  return parsed;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SlipwayError("bad-request", `malformed escape in path segment ${JSON.stringify(value)}`, {
      hint: "percent-encode the path as in RFC 3986",
    });
  }
}
