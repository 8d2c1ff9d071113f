import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { say } from "../output.js";
import { SlipwayError } from "../errors.js";
import { listApps } from "../state/app-state.js";
import { writeFileAtomic } from "../state/atomic-write.js";
import { withLock } from "../state/lock.js";
import { paths } from "../state/paths.js";
import { loadRouting, type CertRecord } from "../state/routing-state.js";
import type { ApiEndpoint } from "../state/settings-parts.js";
import { loadSettings, saveSettings, type Settings } from "../state/settings.js";
import { parseDomain } from "./domain.js";
import { inspectCertificate, type CertificateBundle, type CertificateInfo } from "./inspect-certificate.js";
import { installVhost, removeVhost } from "./install-vhost.js";
import { orderCertificate } from "./letsencrypt.js";
import { defaultHost } from "./plan-vhost.js";
import { apiRouteTag, renderApiVhost, type ApiVhostPlan } from "./render-api-vhost.js";
import type { ListenPorts } from "./render-vhost.js";
import { waitForRoute, waitForRouteGone } from "./verify-route.js";

/** The vhost file's name: `_` sorts it before every app's file, and no app name can take it. */
const API_VHOST = "_slipway-api";
const DAY_MS = 86_400_000;

/** Your own certificate (PEM chain and key), or one ordered from Let's Encrypt for this address. */
export type ApiCertificateSource = { bundle: CertificateBundle } | { letsencrypt: string };

/**
 * Serve slipwayd at https://DOMAIN/: get the certificate, store it under a fresh id, install the
 * checked vhost, then record it in settings. A failure leaves the previous endpoint as it was.
 */
export async function setApiEndpoint(
  settings: Settings,
  rawDomain: string,
  source: ApiCertificateSource,
): Promise<ApiEndpoint> {
  const domain = parseDomain(rawDomain);
  if ("bundle" in source) inspectCertificate(source.bundle, [domain]); // refused before anything changes
  refuseAppDomain(settings, domain);
  return withApiLock(settings, async () => {
    if ("bundle" in source) {
      return storeAndRoute(settings, domain, {
        bundle: source.bundle,
        info: inspectCertificate(source.bundle, [domain]),
      });
    }
    const ordered = await orderForApi(settings, domain, source.letsencrypt);
    return storeAndRoute(settings, domain, ordered, { email: source.letsencrypt });
  });
}

/** Take the endpoint away: vhost, settings entry and certificate files. */
export async function removeApiEndpoint(settings: Settings): Promise<ApiEndpoint> {
  return withApiLock(settings, async () => {
    const old = loadSettings().api;
    if (!old)
      throw new SlipwayError("no-api-domain", "slipwayd has no HTTPS endpoint", { hint: "see api:report" });
    await removeVhost(settings, API_VHOST);
    const gone = await waitForRouteGone(
      settings.nginx.listen,
      old.domain,
      liveTag(settings, old.domain, old.cert),
    );
    if (!gone) say.warn(`nginx still served ${old.domain} after 10s`);
    saveSettings({ ...loadSettings(), api: undefined });
    fs.rmSync(apiCertDir(old.cert.id), { recursive: true, force: true });
    return old;
  });
}

/** Renew the endpoint's Let's Encrypt certificate once it is inside the renewal window; its domain, if renewed. */
export async function renewApiCertificate(settings: Settings, now = new Date()): Promise<string | undefined> {
  const api = settings.api;
  if (!api?.letsencrypt || api.cert.source !== "letsencrypt") return undefined;
  const left = new Date(api.cert.notAfter).getTime() - now.getTime();
  if (left >= settings.letsencrypt.renewBeforeDays * DAY_MS) return undefined;
  await setApiEndpoint(settings, api.domain, { letsencrypt: api.letsencrypt.email });
  return api.domain;
}

/** The HTTPS URL of the endpoint, with nginx's TLS port when it is not 443. */
export function apiBaseUrl(settings: Settings, endpoint: ApiEndpoint): string {
  const port = settings.nginx.tlsListen;
  return `https://${endpoint.domain}${port === 443 ? "" : `:${port}`}`;
}

type Certificate = { bundle: CertificateBundle; info: CertificateInfo };

async function storeAndRoute(
  settings: Settings,
  domain: string,
  got: Certificate,
  letsencrypt?: { email: string },
): Promise<ApiEndpoint> {
  const { bundle, info } = got;
  const id = `${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`;
  const source = letsencrypt ? "letsencrypt" : "manual";
  const cert: CertRecord = { id, source, names: info.names, notAfter: info.notAfter.toISOString() };
  const dir = apiCertDir(cert.id);
  writeFileAtomic(path.join(dir, "fullchain.pem"), bundle.chain, 0o644);
  writeFileAtomic(path.join(dir, "key.pem"), bundle.key, 0o600);
  try {
    await installApiVhost(settings, domain, cert);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const old = loadSettings().api;
  const endpoint: ApiEndpoint = { domain, cert, ...(letsencrypt ? { letsencrypt } : {}) };
  saveSettings({ ...loadSettings(), api: endpoint });
  if (old && old.cert.id !== cert.id) fs.rmSync(apiCertDir(old.cert.id), { recursive: true, force: true });
  return endpoint;
}

/** nginx must answer the HTTP-01 challenge for a new name first; a failed order puts the previous vhost back. */
async function orderForApi(settings: Settings, domain: string, email: string): Promise<Certificate> {
  const current = loadSettings().api;
  const serving = current?.domain === domain;
  if (!serving) await installApiVhost(settings, domain, undefined);
  try {
    return await orderCertificate(settings, [domain], email, domain);
  } catch (err) {
    if (serving) throw err;
    if (current) await installApiVhost(settings, current.domain, current.cert);
    else await removeVhost(settings, API_VHOST);
    throw err;
  }
}

/** Install the vhost and wait until nginx's workers answer with it (a reload returns before they do). */
async function installApiVhost(
  settings: Settings,
  domain: string,
  cert: CertRecord | undefined,
): Promise<void> {
  const plan = apiPlan(settings, domain, cert);
  await installVhost(settings, API_VHOST, (listen) => renderApiVhost(plan(listen)));
  const served = await waitForRoute(settings.nginx.listen, domain, 0, liveTag(settings, domain, cert));
  if (!served) say.warn(`nginx did not confirm the new config for ${domain} within 10s`);
}

/** The route tag nginx answers with once it serves this endpoint on its live ports. */
function liveTag(settings: Settings, domain: string, cert: CertRecord | undefined): string {
  return apiRouteTag(
    apiPlan(settings, domain, cert)({ http: settings.nginx.listen, https: settings.nginx.tlsListen }),
  );
}

function apiPlan(
  settings: Settings,
  domain: string,
  cert: CertRecord | undefined,
): (listen: ListenPorts) => ApiVhostPlan {
  const dir = cert && apiCertDir(cert.id);
  const tls = dir ? { cert: path.join(dir, "fullchain.pem"), key: path.join(dir, "key.pem") } : undefined;
  const { daemon, nginx } = settings;
  return (listen) => ({ domain, listen, daemonPort: daemon.port, acmeWebroot: nginx.acmeWebroot, tls });
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
  const opts = { timeoutMs: settings.lockTimeoutSeconds * 1000, holder: "another api:domain" };
  return withLock(paths.lock("api-endpoint"), opts, fn);
}

/** The id comes from settings on disk, so it is checked before it becomes a path. */
function apiCertDir(id: string): string {
  if (!/^[a-z0-9-]{1,64}$/.test(id)) throw new RangeError(`not a certificate id: ${JSON.stringify(id)}`);
  return path.join(paths.apiTlsDir(), id);
}
