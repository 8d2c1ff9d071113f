import { SlipwayError } from "../errors.js";
import { readScope, type Caller } from "../git/access-scope.js";
import { findToken, type TokenRecord } from "./tokens.js";

/**
 * The token in an Authorization header: `Bearer TOKEN`, or `Basic` with the token as the
 * password (what git sends for http://USER:TOKEN@host/...; the user part is free text).
 */
export function presentedToken(header: string | undefined): string | undefined {
  const m = /^(\w+) +(\S+)$/.exec(header?.trim() ?? "");
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  if (scheme === "bearer") return m[2];
  if (scheme !== "basic") return undefined;
  const decoded = Buffer.from(m[2], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** The token's name and scope, or a 401 error; the same answer for a missing, wrong or revoked token. */
export function authenticate(header: string | undefined, records: TokenRecord[]): Caller {
  const token = presentedToken(header);
  const record = token ? findToken(records, token) : undefined;
  if (!record) {
    throw new SlipwayError("unauthorized", "a valid token is required", {
      hint: "send `Authorization: Bearer TOKEN` (git: http://USER:TOKEN@HOST/git/APP.git); an admin creates one with `slipway tokens:create NAME`",
    });
  }
  return { kind: "token", name: record.name, scope: readScope(record.scope) };
}
