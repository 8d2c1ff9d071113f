import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { listApps } from "../state/app-state.js";
import { writeFileAtomic } from "../state/atomic-write.js";
import { withLock } from "../state/lock.js";
import { paths } from "../state/paths.js";
import { loadRouting, type CertRecord } from "../state/routing-state.js";
import { loadSettings, saveSettings, type ApiEndpoint, type Settings } from "../state/settings.js";
import { parseDomain } from "./domain.js";
import { inspectCertificate, type CertificateBundle } from "./inspect-certificate.js";
import { installVhost, removeVhost } from "./install-vhost.js";
import { defaultHost } from "./plan-vhost.js";
import { renderApiVhost } from "./render-api-vhost.js";

/** The vhost file's name: `_` sorts it before every app's file, and no app name can take it. */
const API_VHOST = "_slipway-api";

/**
 * Serve slipwayd at https://DOMAIN/ with this certificate: store it under a fresh id, install the
 * checked vhost, then record it in settings. A failure leaves the previous endpoint as it was.
 */
export async function setApiEndpoint(settings: Settings, rawDomain: string, bundle: CertificateBundle): Promise<ApiEndpoint> {
  const domain = parseDomain(rawDomain);
  const info = inspectCertificate(bundle, [domain]);
  refuseAppDomain(settings, domain);
  return withApiLock(settings, async () => {
    const cert: CertRecord = { id: `${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`, source: "manual", names: info.names, notAfter: info.notAfter.toISOString() };
    const dir = apiCertDir(cert.id);
    writeFileAtomic(path.join(dir, "fullchain.pem"), bundle.chain, 0o644);
    writeFileAtomic(path.join(dir, "key.pem"), bundle.key, 0o600);
    const endpoint = { domain, cert };
    try {
      await installVhost(settings, API_VHOST, (listen) => renderApiVhost({ domain, listen, daemonPort: settings.daemon.port, tls: certFiles(cert) }));
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const old = loadSettings().api;
    saveSettings({ ...loadSettings(), api: endpoint });
    if (old && old.cert.id !== cert.id) fs.rmSync(apiCertDir(old.cert.id), { recursive: true, force: true });
    return endpoint;
  });
}

/** Take the endpoint away: vhost, settings entry and certificate files. */
export async function removeApiEndpoint(settings: Settings): Promise<ApiEndpoint> {
  return withApiLock(settings, async () => {
    const old = loadSettings().api;
    if (!old) throw new SlipwayError("no-api-domain", "slipwayd has no HTTPS endpoint", { hint: "see api:report" });
    await removeVhost(settings, API_VHOST);
    saveSettings({ ...loadSettings(), api: undefined });
    fs.rmSync(apiCertDir(old.cert.id), { recursive: true, force: true });
    return old;
  });
}

/** The HTTPS URL of the endpoint, with nginx's TLS port when it is not 443. */
export function apiBaseUrl(settings: Settings, endpoint: ApiEndpoint): string {
  const port = settings.nginx.tlsListen;
  return `https://${endpoint.domain}${port === 443 ? "" : `:${port}`}`;
}

// nginx would serve only one of two servers with the same name; an app's name is its own to keep.
function refuseAppDomain(settings: Settings, domain: string): void {
  for (const app of listApps()) {
    const names = [defaultHost(settings, app.name), ...loadRouting(app.name).domains.map((d) => d.name)];
    if (names.includes(domain)) {
      throw new SlipwayError("domain-claimed", `${domain} is already routed to app ${app.name}`, {
        hint: "pick a name no app uses, e.g. slipway.example.org",
      });
    }
  }
}

function withApiLock<T>(settings: Settings, fn: () => Promise<T>): Promise<T> {
  return withLock(paths.lock("api-endpoint"), { timeoutMs: settings.lockTimeoutSeconds * 1000, holder: "another api:domain" }, fn);
}

function certFiles(cert: CertRecord): { cert: string; key: string } {
  const dir = apiCertDir(cert.id);
  return { cert: path.join(dir, "fullchain.pem"), key: path.join(dir, "key.pem") };
}

/** The id comes from settings on disk, so it is checked before it becomes a path. */
function apiCertDir(id: string): string {
  if (!/^[a-z0-9-]{1,64}$/.test(id)) throw new RangeError(`not a certificate id: ${JSON.stringify(id)}`);
  return path.join(paths.apiTlsDir(), id);
}
