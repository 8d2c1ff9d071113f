import path from "node:path";
import type { RouteTarget } from "../state/app-state.js";
import { paths } from "../state/paths.js";
import type { RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { nameCovers } from "./domain.js";
import type { Site, VhostPlan } from "./render-vhost.js";

export interface PlannedVhost {
  plan: VhostPlan;
  /** Domains left out because their service is not running in this deployment. */
  skipped: string[];
  /** Hosts on plain HTTP although the app has a certificate: it does not cover them. */
  uncovered: string[];
}

/** The host APP.GLOBAL_DOMAIN every app gets. */
export function defaultHost(settings: Settings, app: string): string {
  return `${app}.${settings.domain}`;
}

/** Where routeApp publishes an app's htpasswd for nginx workers to read. */
export function authFile(settings: Settings, app: string): string {
  return path.join(settings.nginx.authDir, `${app}.htpasswd`);
}

/** Decide which hosts go to which service, and which of them get TLS; pure. */
export function planVhost(
  settings: Settings,
  app: string,
  target: RouteTarget,
  routing: RoutingState,
): PlannedVhost {
  const wanted = [
    { host: defaultHost(settings, app), service: target.defaultService },
    ...routing.domains.map((d) => ({ host: d.name, service: d.service ?? target.defaultService })),
  ];
  const routed = wanted.filter((w) => target.services[w.service]?.length);
  const skipped = wanted
    .filter((w) => !routed.includes(w))
    .map((w) => `${w.host} (service ${w.service} is not running)`);
  const sites = new Map<string, Site>();
  const uncovered: string[] = [];
  for (const { host, service } of routed) {
    const covered = !!routing.cert?.names.some((n) => nameCovers(n, host));
    if (routing.cert && !covered) uncovered.push(host);
    const key = `${service} ${covered}`;
    if (!sites.has(key))
      sites.set(key, { hosts: [], service, tls: covered ? certFiles(app, routing) : undefined });
    sites.get(key)!.hosts.push(host);
  }
  const plan: VhostPlan = {
    app,
    release: target.release,
    listen: { http: settings.nginx.listen, https: settings.nginx.tlsListen },
    upstreams: target.services,
    sites: [...sites.values()],
    authFile: Object.keys(routing.auth).length ? authFile(settings, app) : undefined,
    acmeWebroot: settings.nginx.acmeWebroot,
    snippets: target.snippets ?? [],
    ...(target.stopped ? { stopped: true } : {}),
    ...(target.backups ? { backups: target.backups } : {}),
  };
  return { plan, skipped, uncovered };
}

function certFiles(app: string, routing: RoutingState): { cert: string; key: string } {
  const dir = certDir(app, routing.cert!.id);
  return { cert: path.join(dir, "fullchain.pem"), key: path.join(dir, "key.pem") };
}

/** One directory per installed certificate; the id is checked because it comes from state on disk. */
export function certDir(app: string, id: string): string {
  if (!/^[a-z0-9-]{1,64}$/.test(id)) throw new RangeError(`not a certificate id: ${JSON.stringify(id)}`);
  return path.join(paths.appTlsDir(app), id);
}
