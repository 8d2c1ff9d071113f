import crypto from "node:crypto";
import { SlipwayError } from "../errors.js";
import type { AccessScope } from "../git/access-scope.js";

/** One API token as stored: never the token itself, only its SHA-256. */
export interface TokenRecord {
  name: string;
  sha256: string;
  createdAt: string;
  /** Absent in files from before scopes: those tokens stay admin (readScope). */
  scope?: AccessScope;
}

const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const PREFIX = "slw_";

export function parseTokenName(raw: string): string {
  if (!TOKEN_NAME.test(raw)) {
    throw new SlipwayError("token-name", `invalid token name ${JSON.stringify(raw)}`, {
      hint: "use letters, digits, dots, dashes, underscores or @, e.g. ci or alice@laptop",
    });
  }
  return raw;
}

/** 32 random bytes: too much entropy to guess, so a plain SHA-256 is a safe thing to store. */
export function generateToken(): string {
  return PREFIX + crypto.randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** The record the token belongs to; every stored hash is compared, in constant time, so timing tells nothing. */
export function findToken(records: TokenRecord[], presented: string): TokenRecord | undefined {
  const digest = Buffer.from(hashToken(presented), "hex");
  let found: TokenRecord | undefined;
  for (const record of records) {
    const stored = Buffer.from(record.sha256, "hex");
    if (stored.length === digest.length && crypto.timingSafeEqual(stored, digest) && !found) found = record;
  }
  return found;
}

/** New list with a token added; a name is used once. */
export function addTokenRecord(
  records: TokenRecord[],
  name: string,
  token: string,
  scope: AccessScope,
  now = new Date(),
): TokenRecord[] {
  if (records.some((r) => r.name === name)) {
    throw new SlipwayError("token-exists", `a token named ${name} already exists`, {
      hint: `revoke it first with \`slipway tokens:revoke ${name}\`, or pick another name`,
    });
  }
  return [...records, { name, sha256: hashToken(token), createdAt: now.toISOString(), scope }];
}

export function removeTokenRecord(records: TokenRecord[], name: string): TokenRecord[] {
  const kept = records.filter((r) => r.name !== name);
  if (kept.length === records.length) {
    throw new SlipwayError("token-missing", `no token named ${name}`, {
      hint: "`slipway tokens:list` shows the tokens",
    });
  }
  return kept;
}
