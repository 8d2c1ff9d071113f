import { SlipwayError } from "../errors.js";
import { listApps } from "../state/app-state.js";
import { loadRouting, type DomainRoute, type RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { parseDomainPattern, routeCovers } from "./domain.js";
import { isServiceName } from "./nginx-values.js";
import { defaultHost } from "./plan-vhost.js";

export type DomainEdit = "add" | "remove" | "set";

/** The routing state after a domains:add/remove/set; pure, and it throws on any bad name. */
export function editDomains(
  state: RoutingState,
  edit: DomainEdit,
  rawNames: string[],
  service?: string,
): RoutingState {
  const names = [...new Set(rawNames.map(parseDomainPattern))];
  if (service !== undefined && !isServiceName(service)) {
    throw new SlipwayError("service", `invalid service name ${JSON.stringify(service)}`, {
      hint: "use a service name from slipway.yml, such as web",
    });
  }
  const routes: DomainRoute[] = names.map((name) => (service ? { name, service } : { name }));
  if (edit === "set") return { ...state, domains: routes };
  if (edit === "add")
    return { ...state, domains: [...state.domains.filter((d) => !names.includes(d.name)), ...routes] };
  const unknown = names.filter((n) => !state.domains.some((d) => d.name === n));
  if (unknown.length)
    throw new SlipwayError("no-domain", `not a domain of this app: ${unknown.join(", ")}`, {
      hint: "see domains:list APP",
    });
  return { ...state, domains: state.domains.filter((d) => !names.includes(d.name)) };
}

/** Refuse a domain that is another app's (custom or default) or this app's own default host. */
export function checkClaims(settings: Settings, app: string, state: RoutingState): void {
  const own = defaultHost(settings, app);
  if (state.domains.some((d) => d.name === own)) {
    throw new SlipwayError("domain-claimed", `${own} is already ${app}'s default domain`, {
      hint: "only add domains beyond APP.GLOBAL_DOMAIN",
    });
  }
  // APP.GLOBAL_DOMAIN belongs to app APP, existing or not: claiming it now would steal it from a
  // later push of that app (nginx only warns about a duplicate server_name, and the first file wins).
  const reserved = state.domains.find((d) => d.name.endsWith(`.${settings.domain}`));
  if (reserved) {
    throw new SlipwayError(
      "domain-claimed",
      `${reserved.name} is under the global domain ${settings.domain}, where every APP.${settings.domain} belongs to app APP`,
      {
        hint: "route a domain of your own, or name the app after the host you want",
      },
    );
  }
  const others = listApps()
    .filter((o) => o.name !== app)
    .map((o) => ({ app: o.name, names: [defaultHost(settings, o.name), ...otherDomains(o.name)] }));
  // slipwayd's HTTPS endpoint holds its exact name (a wildcard app domain around it is fine: nginx prefers
  // the exact name), so the app would never get it.
  const api = settings.api && state.domains.find((d) => d.name === settings.api!.domain);
  if (api) {
    throw new SlipwayError("domain-claimed", `${api.name} is slipwayd's HTTPS endpoint (api:domain)`, {
      hint: "pick another name, or move the endpoint first with api:domain",
    });
  }
  const clash = claimClash(
    state.domains.map((d) => d.name),
    others,
  );
  if (clash) throw clash;
}

/**
 * The first name another app holds, or one its wildcard covers. nginx prefers an exact name (and a
 * longer wildcard) over a wildcard, so `api.example.org` here would take that host from the app
 * holding `*.example.org`. The reverse is allowed: `*.example.org` here leaves the other app's
 * exact `api.example.org` with it, and takes only hosts nobody routes.
 */
export function claimClash(
  names: string[],
  others: { app: string; names: string[] }[],
): SlipwayError | undefined {
  for (const other of others) {
    for (const name of names) {
      const holder = other.names.find((held) => routeCovers(held, name));
      if (holder === name) {
        return new SlipwayError("domain-claimed", `${name} is already routed to app ${other.app}`, {
          hint: `remove it there first: domains:remove ${other.app} ${name}`,
        });
      }
      if (holder) {
        return new SlipwayError(
          "domain-claimed",
          `${name} is covered by ${holder}, which is routed to app ${other.app}`,
          {
            hint: `nginx would send ${name} here instead of to ${other.app}; route it from ${other.app}, or remove ${holder} there first`,
          },
        );
      }
    }
  }
  return undefined;
}

function otherDomains(app: string): string[] {
  try {
    return loadRouting(app).domains.map((d) => d.name);
  } catch {
    return []; // another app's damaged state is its own problem, reported when it is used
  }
}
