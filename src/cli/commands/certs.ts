import { SlipwayError } from "../../errors.js";
import { visibleApps } from "../../git/access-scope.js";
import { changeRouting } from "../../proxy/change-routing.js";
import { inspectCertificate, splitPem } from "../../proxy/inspect-certificate.js";
import { defaultHost } from "../../proxy/plan-vhost.js";
import { removeCertificateFiles, switchCertificate } from "../../proxy/switch-certificate.js";
import { listApps, requireApp } from "../../state/app-state.js";
import { loadRouting, type CertRecord, type RoutingState } from "../../state/routing-state.js";
import type { Settings } from "../../state/settings.js";
import { say } from "../../output.js";
import { APP, appCommand, command, optional, readStdin, type Command } from "../command.js";

export const certsCommands: Command[] = [
  appCommand({
    usage: "certs:add APP < cert-and-key.pem",
    summary: "serve an app over HTTPS with your certificate (PEM chain and key on stdin)",
    async run({ args: [app], settings }) {
      const bundle = splitPem(await readStdin());
      const info = inspectCertificate(bundle, certifiedHosts(settings, app, loadRouting(app)));
      // A certificate of your own replaces Let's Encrypt, so renewal must not overwrite it.
      await switchCertificate(settings, app, bundle, info, { source: "manual", letsencrypt: undefined });
      say.step(
        `${app} serves HTTPS for ${info.names.join(", ")} until ${info.notAfter.toISOString().slice(0, 10)}; HTTP redirects to it`,
      );
    },
  }),
  appCommand({
    usage: "certs:remove APP",
    summary: "stop serving HTTPS for an app (also turns Let's Encrypt off)",
    async run({ args: [app], settings }) {
      let old: CertRecord | undefined;
      await changeRouting(settings, app, (state) => {
        old = state.cert;
        if (!old)
          throw new SlipwayError("no-cert", `${app} has no certificate`, { hint: "see certs:report" });
        return { ...state, cert: undefined, letsencrypt: undefined };
      });
      removeCertificateFiles(app, old!);
      say.step(`${app} is served over plain HTTP again`);
    },
  }),
  command({
    usage: "certs:report [APP] [--json]",
    summary: "certificates with their names, source and expiry",
    remote: true,
    scope: { app: 0, optional: true },
    args: [optional(APP)],
    table: ["app", "source", "expires", "days_left", "names"],
    async run({ args, caller }) {
      const apps = args.length
        ? [requireApp(args[0]).name]
        : visibleApps(caller, listApps()).map((a) => a.name);
      return apps.map(reportRow);
    },
  }),
];

/** A certificate must cover the app's custom domains, or its default host when it has none. */
function certifiedHosts(settings: Settings, app: string, state: RoutingState): string[] {
  return state.domains.length ? state.domains.map((d) => d.name) : [defaultHost(settings, app)];
}

function reportRow(app: string): Record<string, unknown> {
  const cert = loadRouting(app).cert;
  if (!cert) return { app, source: "none" };
  const days = Math.floor((new Date(cert.notAfter).getTime() - Date.now()) / 86_400_000);
  return { app, source: cert.source, expires: cert.notAfter, days_left: days, names: cert.names.join(",") };
}
