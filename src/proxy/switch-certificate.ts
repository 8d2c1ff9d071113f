import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../state/atomic-write.js";
import type { CertRecord, RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { changeRouting } from "./change-routing.js";
import type { CertificateBundle, CertificateInfo } from "./inspect-certificate.js";
import { certDir } from "./plan-vhost.js";

/**
 * Store a certificate under a fresh id, route the app with it, then drop the old one's files.
 * nginx keeps serving the old files until the new vhost is live; if that fails, the new files go.
 */
export async function switchCertificate(
  settings: Settings,
  app: string,
  bundle: CertificateBundle,
  info: CertificateInfo,
  extra: Partial<RoutingState> & { source: CertRecord["source"] },
): Promise<CertRecord> {
  const { source, ...rest } = extra;
  const cert: CertRecord = {
    id: `${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`,
    source,
    names: info.names,
    notAfter: info.notAfter.toISOString(),
  };
  const dir = certDir(app, cert.id);
  writeFileAtomic(path.join(dir, "fullchain.pem"), bundle.chain, 0o644);
  writeFileAtomic(path.join(dir, "key.pem"), bundle.key, 0o600);
  let old: CertRecord | undefined;
  try {
    await changeRouting(settings, app, (state) => ((old = state.cert), { ...state, ...rest, cert }));
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  if (old) removeCertificateFiles(app, old);
  return cert;
}

export function removeCertificateFiles(app: string, cert: CertRecord): void {
  fs.rmSync(certDir(app, cert.id), { recursive: true, force: true });
}
