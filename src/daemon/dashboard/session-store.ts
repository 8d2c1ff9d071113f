import crypto from "node:crypto";
import type { TokenRecord } from "../tokens.js";

/** A browser's login: which token it presented (by hash, so a revoke ends it) and its CSRF token. */
export interface Session {
  id: string;
  csrf: string;
  tokenSha256: string;
  expiresAt: number;
}

/** Sessions last a working day; logging in again is one paste of the token. */
export const SESSION_SECONDS = 8 * 3600;
/** Bounded, so a flood of logins cannot grow slipwayd's memory: the oldest session goes first. */
const MAX_SESSIONS = 1000;

/** Sessions live in slipwayd's memory only: a restart logs everybody out, and nothing secret is on disk. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  create(record: TokenRecord, now = Date.now()): Session {
    const session = {
      id: crypto.randomBytes(32).toString("base64url"),
      csrf: crypto.randomBytes(32).toString("base64url"),
      tokenSha256: record.sha256,
      expiresAt: now + SESSION_SECONDS * 1000,
    };
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session and its token's record; undefined when expired, logged out or the token revoked. */
  find(id: string | undefined, records: TokenRecord[], now = Date.now()) {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session) return undefined;
    const record = records.find((r) => r.sha256 === session.tokenSha256);
    if (session.expiresAt <= now || !record) {
      this.sessions.delete(session.id);
      return undefined;
    }
    return { session, record };
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }
}

/** Compare a presented CSRF token with the session's in constant time. */
export function csrfMatches(session: Session, presented: string | null | undefined): boolean {
  const want = Buffer.from(session.csrf);
  const got = Buffer.from(presented ?? "");
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}
