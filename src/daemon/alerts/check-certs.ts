import { listApps } from "../../state/app-state.js";
import { loadRouting } from "../../state/routing-state.js";
import type { Settings } from "../../state/settings.js";
import type { Observation } from "./plan-alerts.js";
import { alertOf } from "./alert-of.js";

const DAY_MS = 86_400_000;

/** Every installed certificate (each app's, and the API endpoint's) against alerts.certDays. */
export function checkCerts(settings: Settings, now: number): Observation[] {
  const certs = listApps().flatMap((a) => {
    const cert = safeRouting(a.name);
    return cert ? [{ app: a.name, what: a.name, notAfter: cert.notAfter }] : [];
  });
  if (settings.api)
    certs.push({
      app: "",
      what: `the API endpoint ${settings.api.domain}`,
      notAfter: settings.api.cert.notAfter,
    });
  return certs.map((c) => {
    const days = Math.floor((Date.parse(c.notAfter) - now) / DAY_MS);
    const holds = days < settings.alerts.certDays;
    const when = days < 0 ? `expired on ${c.notAfter}` : `expires in ${days} days (${c.notAfter})`;
    const message = holds
      ? `the certificate of ${c.what} ${when}`
      : `the certificate of ${c.what} was renewed`;
    return {
      key: `cert:${c.what}`,
      holds,
      alert: alertOf("cert-expiring", message, { notAfter: c.notAfter, days }, c.app),
    };
  });
}

/** A damaged routing file is reported by the commands that use it; the watcher skips it. */
function safeRouting(app: string) {
  try {
    return loadRouting(app).cert;
  } catch {
    return undefined;
  }
}
