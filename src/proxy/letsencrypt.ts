import fs from "node:fs";
import path from "node:path";
import { say } from "../output.js";
import { SlipwayError } from "../errors.js";
import { loadApp, type RouteTarget } from "../state/app-state.js";
import { writeFileAtomic } from "../state/atomic-write.js";
import { loadRouting, type RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { acmeClient, loadAcme } from "./acme-account.js";
import {
  inspectCertificate,
  splitPem,
  type CertificateBundle,
  type CertificateInfo,
} from "./inspect-certificate.js";
import { planVhost } from "./plan-vhost.js";
import { switchCertificate } from "./switch-certificate.js";

/**
 * The hosts nginx routes for the app, less those no CA can validate over HTTP-01: wildcards, and
 * localhost names (the default global domain).
 */
export function letsencryptHosts(
  settings: Settings,
  app: string,
  target: RouteTarget,
  routing: RoutingState,
): string[] {
  const hosts = planVhost(settings, app, target, routing).plan.sites.flatMap((s) => s.hosts);
  return hosts.filter((h) => !h.startsWith("*.") && h !== "localhost" && !h.endsWith(".localhost"));
}

/**
 * Get a certificate for the app's hosts from the ACME server, answering HTTP-01 from the webroot
 * nginx serves, then switch the app to it. Any failure leaves the running vhost as it was.
 */
export async function issueCertificate(settings: Settings, app: string, email: string): Promise<void> {
  const target = loadApp(app)?.routes;
  if (!target) {
    throw new SlipwayError(
      "not-deployed",
      `${app} is not deployed yet, so nginx cannot answer the ACME challenge for it`,
      { hint: `push ${app} first, then run letsencrypt:enable again` },
    );
  }
  const hosts = letsencryptHosts(settings, app, target, loadRouting(app));
  if (!hosts.length)
    throw new SlipwayError("no-hosts", `${app} has no hostname a certificate authority can validate`, {
      hint: `add one first: domains:add ${app} example.org`,
    });
  const { bundle, info } = await orderCertificate(settings, hosts, email, app);
  await switchCertificate(settings, app, bundle, info, { source: "letsencrypt", letsencrypt: { email } });
  say.step(
    `${app} now serves a Let's Encrypt certificate valid until ${info.notAfter.toISOString().slice(0, 10)}`,
  );
}

/**
 * A certificate for hosts from the ACME server, answering HTTP-01 from the webroot nginx serves for
 * them; `what` names the owner in errors. Nothing is stored or routed here.
 */
export async function orderCertificate(
  settings: Settings,
  hosts: string[],
  email: string,
  what: string,
): Promise<{ bundle: CertificateBundle; info: CertificateInfo }> {
  say.step(`Requesting a certificate for ${hosts.join(", ")} from ${settings.letsencrypt.directoryUrl}`);
  const client = await acmeClient(settings);
  const { default: acme } = await loadAcme();
  const [key, csr] = await acme.crypto.createCsr({ commonName: hosts[0], altNames: hosts });
  const pem = await client
    .auto({
      csr,
      email,
      termsOfServiceAgreed: true,
      challengePriority: ["http-01"],
      // The ACME server's own check is the real one; ours would need public DNS for the host.
      skipChallengeVerification: true,
      challengeCreateFn: async (_authz, challenge, keyAuthorization) =>
        writeFileAtomic(challengeFile(settings, challenge.token), keyAuthorization, 0o644),
      challengeRemoveFn: async (_authz, challenge) =>
        fs.rmSync(challengeFile(settings, challenge.token), { force: true }),
    })
    .catch((err: Error) => {
      throw new SlipwayError(
        "acme",
        `the ACME server did not issue a certificate for ${what}: ${err.message}`,
        {
          hint: `check that ${hosts.join(", ")} resolve to this server and that port 80 reaches nginx; the current routing is unchanged`,
          cause: err,
        },
      );
    });
  const bundle = splitPem(`${pem}\n${key.toString()}`);
  return { bundle, info: inspectCertificate(bundle, hosts) };
}

function challengeFile(settings: Settings, token: string): string {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(token))
    throw new SlipwayError("acme", `the ACME server sent an unusable challenge token`);
  return path.join(settings.nginx.acmeWebroot, token);
}
