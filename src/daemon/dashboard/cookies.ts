import type { IncomingMessage } from "node:http";
import { SESSION_SECONDS } from "./session-store.js";

export const SESSION_COOKIE = "slipway_session";

/** One cookie's value from the request, or undefined. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Served through nginx's HTTPS endpoint: only then may the cookie be Secure (loopback is plain HTTP). */
export function isHttps(req: IncomingMessage): boolean {
  return req.headers["x-forwarded-proto"] === "https";
}

/** The session cookie: never readable by scripts, never sent cross-site, gone after the session's time. */
export function sessionCookie(id: string, secure: boolean, maxAge = SESSION_SECONDS): string {
  const parts = [`${SESSION_COOKIE}=${id}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${maxAge}`];
  return (secure ? [...parts, "Secure"] : parts).join("; ");
}
