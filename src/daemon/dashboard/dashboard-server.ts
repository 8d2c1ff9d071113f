import type { IncomingMessage, ServerResponse } from "node:http";
import { SlipwayError } from "../../errors.js";
import { readScope, type Caller } from "../../git/access-scope.js";
import type { Settings } from "../../state/settings.js";
import { errorBody, statusOf } from "../http-error.js";
import { authorizeRoute, matchRoute } from "../route-table.js";
import { readTokens } from "../token-store.js";
import { readCookie, SESSION_COOKIE } from "./cookies.js";
import { serveAsset } from "./dashboard-assets.js";
import type { DashboardRoute } from "./dashboard-route.js";
import { readFormBody } from "./form-body.js";
import type { Frame } from "./render-layout.js";
import { renderErrorPage } from "./render-simple-pages.js";
import { redirect, sendHtml } from "./send-page.js";
import { csrfMatches } from "./session-store.js";
import { sessions } from "./sessions.js";

const ANONYMOUS: Caller = { kind: "token", name: "-", scope: { apps: [] } };

/** The dashboard's own paths; any other (unknown ones too) stays the API's, which asks for a token first. */
export function isDashboardPath(routes: DashboardRoute[], pathname: string): boolean {
  if (pathname.startsWith("/assets/")) return true;
  return routes.some((r) => matchesPath(r.path, pathname));
}

function matchesPath(template: string, pathname: string): boolean {
  const want = template.split("/");
  const got = pathname.split("/");
  return (
    want.length === got.length && want.every((w, i) => w === got[i] || (/^\{\w+\}$/.test(w) && got[i] !== ""))
  );
}

/** Serve one dashboard request; returns the caller's name for the request log. */
export async function serveDashboard(
  routes: DashboardRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  settings: Settings,
): Promise<string> {
  let frame: Frame = { title: "Slipway" };
  try {
    if (req.method === "GET" && serveAsset(url.pathname, res)) return "-";
    const { route, params } = matchRoute(routes, req.method ?? "GET", url.pathname);
    const post = route.method !== "GET";
    if (post) refuseCrossOrigin(req);
    const form = post ? await readFormBody(req, req.headers["content-type"]) : new URLSearchParams();
    if (route.public) {
      await route.handle({
        params,
        query: url.searchParams,
        form,
        settings,
        req,
        res,
        caller: ANONYMOUS,
        frame,
      });
      return "-";
    }
    const found = sessions.find(readCookie(req, SESSION_COOKIE), readTokens());
    if (!found)
      return post ? refuse("unauthorized", "your session has ended") : (redirect(res, "/login"), "-");
    if (post && !csrfMatches(found.session, form.get("csrf")))
      refuse("forbidden", "the form's CSRF token is missing or wrong");
    const caller: Caller = { kind: "token", name: found.record.name, scope: readScope(found.record.scope) };
    frame = { title: "Slipway", user: { name: caller.name, csrf: found.session.csrf } };
    authorizeRoute(route, params, Object.fromEntries(form), caller);
    const ctx = {
      params,
      query: url.searchParams,
      form,
      settings,
      req,
      res,
      session: found.session,
      caller,
      frame,
    };
    await route.handle(ctx);
    return caller.name;
  } catch (err) {
    sendErrorPage(res, frame, err);
    return frame.user?.name ?? "-";
  }
}

/** A browser always says where a post comes from; a form on another site is refused before anything. */
function refuseCrossOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return; // not a browser; the session's CSRF token still guards every post
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined; // "null": a sandboxed or file page
  }
  if (host !== req.headers.host) refuse("forbidden", `a form from ${origin} may not post here`);
}

function refuse(code: string, message: string): never {
  throw new SlipwayError(code, message, { hint: "log in again and use the dashboard's own forms" });
}

function sendErrorPage(res: ServerResponse, frame: Frame, err: unknown): void {
  if (res.headersSent) return void res.destroy(); // a stream under way cannot change its status
  const { error } = errorBody(err);
  sendHtml(res, statusOf(err), renderErrorPage(frame, statusOf(err), error.message, error.hint));
}
