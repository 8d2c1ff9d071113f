import { SlipwayError } from "../errors.js";
import { listApps } from "../state/app-state.js";
import { loadRouting, type DomainRoute, type RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { parseDomainPattern } from "./domain.js";
import { isServiceName } from "./nginx-values.js";
import { defaultHost } from "./plan-vhost.js";

export type DomainEdit = "add" | "remove" | "set";

/** The routing state after a domains:add/remove/set; pure, and it throws on any bad name. */
export function editDomains(state: RoutingState, edit: DomainEdit, rawNames: string[], service?: string): RoutingState {
  const names = [...new Set(rawNames.map(parseDomainPattern))];
  if (service !== undefined && !isServiceName(service)) {
    throw new SlipwayError("service", `invalid service name ${JSON.stringify(service)}`, { hint: "use a service name from slipway.yml, such as web" });
  }
  const routes: DomainRoute[] = names.map((name) => (service ? { name, service } : { name }));
  if (edit === "set") return { ...state, domains: routes };
  if (edit === "add") return { ...state, domains: [...state.domains.filter((d) => !names.includes(d.name)), ...routes] };
  const unknown = names.filter((n) => !state.domains.some((d) => d.name === n));
  if (unknown.length) throw new SlipwayError("no-domain", `not a domain of this app: ${unknown.join(", ")}`, { hint: "see domains:list APP" });
  return { ...state, domains: state.domains.filter((d) => !names.includes(d.name)) };
}

/** Refuse a domain that is another app's (custom or default) or this app's own default host. */
export function checkClaims(settings: Settings, app: string, state: RoutingState): void {
  const own = defaultHost(settings, app);
  if (state.domains.some((d) => d.name === own)) {
    throw new SlipwayError("domain-claimed", `${own} is already ${app}'s default domain`, { hint: "only add domains beyond APP.GLOBAL_DOMAIN" });
  }
  // APP.GLOBAL_DOMAIN belongs to app APP, existing or not: claiming it now would steal it from a
  // later push of that app (nginx only warns about a duplicate server_name, and the first file wins).
  const reserved = state.domains.find((d) => d.name.endsWith(`.${settings.domain}`));
  if (reserved) {
    throw new SlipwayError("domain-claimed", `${reserved.name} is under the global domain ${settings.domain}, where every APP.${settings.domain} belongs to app APP`, {
      hint: "route a domain of your own, or name the app after the host you want",
    });
  }
  for (const other of listApps()) {
    if (other.name === app) continue;
    const taken = new Set([defaultHost(settings, other.name), ...otherDomains(other.name)]);
    const clash = state.domains.find((d) => taken.has(d.name));
    if (clash) {
      throw new SlipwayError("domain-claimed", `${clash.name} is already routed to app ${other.name}`, {
        hint: `remove it there first: domains:remove ${other.name} ${clash.name}`,
      });
    }
  }
}

function otherDomains(app: string): string[] {
  try {
    return loadRouting(app).domains.map((d) => d.name);
  } catch {
    return []; // another app's damaged state is its own problem, reported when it is used
  }
}
