import { say } from "../output.js";
import { listApps } from "../state/app-state.js";
import { loadRouting, type RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { renewApiCertificate } from "./api-endpoint.js";
import { issueCertificate } from "./letsencrypt.js";

const DAY_MS = 86_400_000;

/** Apps whose Let's Encrypt certificate has fewer than `days` days left; pure. */
export function certificatesDue(
  apps: { app: string; routing: RoutingState }[],
  now: Date,
  days: number,
): string[] {
  return apps
    .filter(({ routing }) => routing.letsencrypt && routing.cert?.source === "letsencrypt")
    .filter(({ routing }) => new Date(routing.cert!.notAfter).getTime() - now.getTime() < days * DAY_MS)
    .map(({ app }) => app);
}

/**
 * Renew every Let's Encrypt certificate that is due. One app's failure is reported and the others
 * still renew; its old certificate keeps serving until it expires.
 */
export async function renewDueCertificates(
  settings: Settings,
  now = new Date(),
): Promise<{ renewed: string[]; failed: string[] }> {
  const due = certificatesDue(readableRouting(), now, settings.letsencrypt.renewBeforeDays);
  const result = { renewed: [] as string[], failed: [] as string[] };
  for (const app of due) {
    try {
      await issueCertificate(settings, app, loadRouting(app).letsencrypt!.email);
      result.renewed.push(app);
    } catch (err) {
      say.warn(`renewing the certificate of ${app} failed: ${(err as Error).message}`);
      result.failed.push(app);
    }
  }
  await renewApi(settings, now, result);
  return result;
}

/** slipwayd's own HTTPS endpoint renews beside the apps, and fails alone as one of them would. */
async function renewApi(
  settings: Settings,
  now: Date,
  result: { renewed: string[]; failed: string[] },
): Promise<void> {
  try {
    const domain = await renewApiCertificate(settings, now);
    if (domain) result.renewed.push(domain);
  } catch (err) {
    say.warn(`renewing the certificate of the API endpoint failed: ${(err as Error).message}`);
    result.failed.push(settings.api!.domain);
  }
}

/** Every app's routing state; one damaged file must not stop the others renewing. */
function readableRouting(): { app: string; routing: RoutingState }[] {
  return listApps().flatMap(({ name }) => {
    try {
      return [{ app: name, routing: loadRouting(name) }];
    } catch (err) {
      say.warn((err as Error).message);
      return [];
    }
  });
}
