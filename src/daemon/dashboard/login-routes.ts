import { findToken } from "../tokens.js";
import { readTokens } from "../token-store.js";
import { isHttps, readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.js";
import type { DashboardRoute } from "./dashboard-route.js";
import { renderLogin } from "./render-simple-pages.js";
import { redirect, sendHtml } from "./send-page.js";
import type { SessionStore } from "./session-store.js";
import { sessions } from "./sessions.js";

/** Log in with a token (the same tokens as the API and git over HTTP), and log out. */
export const loginRoutes: DashboardRoute[] = [
  {
    method: "GET",
    path: "/login",
    scope: "any",
    public: true,
    handle: async ({ res }) => sendHtml(res, 200, renderLogin()),
  },
  {
    method: "POST",
    path: "/login",
    scope: "any",
    public: true,
    handle: async ({ req, res, form }) => {
      const record = findToken(readTokens(), (form.get("token") ?? "").trim());
      // The same answer for a wrong, revoked or missing token, as the API gives.
      if (!record)
        return sendHtml(res, 401, renderLogin("That token is not valid. Check it, or ask an admin for one."));
      const session = sessions.create(record);
      redirect(res, "/", { "set-cookie": sessionCookie(session.id, isHttps(req)) });
    },
  },
  {
    method: "POST",
    path: "/logout",
    scope: "any",
    handle: async ({ req, res }) => logout(sessions, readCookie(req, SESSION_COOKIE), res, isHttps(req)),
  },
];

function logout(
  store: SessionStore,
  id: string | undefined,
  res: Parameters<typeof redirect>[0],
  secure: boolean,
) {
  if (id) store.remove(id);
  redirect(res, "/login", { "set-cookie": sessionCookie("", secure, 0) });
}
