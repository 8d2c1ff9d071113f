import type { AccessScope } from "../git/access-scope.js";
import { readJson, writeJsonAtomic } from "../state/atomic-write.js";
import { withLock } from "../state/lock.js";
import { paths } from "../state/paths.js";
import {
  addTokenRecord,
  generateToken,
  parseTokenName,
  removeTokenRecord,
  type TokenRecord,
} from "./tokens.js";

/** Read on every request, so a revoke takes effect at once without restarting slipwayd. */
export function readTokens(): TokenRecord[] {
  return readJson<TokenRecord[]>(paths.tokens()) ?? [];
}

/** Create a token and return it; this is the only time it exists in clear. */
export async function createToken(rawName: string, scope: AccessScope): Promise<string> {
  const name = parseTokenName(rawName);
  const token = generateToken();
  await editTokens((records) => addTokenRecord(records, name, token, scope));
  return token;
}

export async function revokeToken(rawName: string): Promise<void> {
  const name = parseTokenName(rawName);
  await editTokens((records) => removeTokenRecord(records, name));
}

async function editTokens(edit: (records: TokenRecord[]) => TokenRecord[]): Promise<void> {
  await withLock(paths.lock("tokens"), { timeoutMs: 30_000, holder: "another token change" }, async () => {
    writeJsonAtomic(paths.tokens(), edit(readTokens()), 0o600);
  });
}
