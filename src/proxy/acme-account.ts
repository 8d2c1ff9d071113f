import crypto from "node:crypto";
import path from "node:path";
import type acme from "acme-client";
import { readText, writeFileAtomic } from "../state/atomic-write.js";
import { paths } from "../state/paths.js";
import type { Settings } from "../state/settings.js";

/**
 * An ACME client with the server's one account key for the configured directory. A key per
 * directory URL, since an account on one ACME server means nothing to another.
 */
export async function acmeClient(settings: Settings): Promise<acme.Client> {
  const { default: acme } = await loadAcme();
  const directoryUrl = settings.letsencrypt.directoryUrl;
  const tag = crypto.createHash("sha256").update(directoryUrl).digest("hex").slice(0, 16);
  const keyFile = path.join(paths.letsencryptDir(), `account-${tag}.key`);
  let accountKey = readText(keyFile);
  if (!accountKey) {
    accountKey = (await acme.crypto.createPrivateKey()).toString();
    writeFileAtomic(keyFile, accountKey, 0o600);
  }
  return new acme.Client({ directoryUrl, accountKey });
}

/** acme-client costs about 0.1 s to load; only certificate commands pay it, never a push's two Node starts. */
export const loadAcme = () => import("acme-client");
