import { say } from "../cli/output.js";
import { installVhost } from "../proxy/install-vhost.js";
import { renderVhost } from "../proxy/render-vhost.js";
import { waitForRoute } from "../proxy/verify-route.js";
import type { RouteTarget } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";

/** Point the app's vhost at its routed containers; validated before it goes live. */
export async function routeApp(settings: Settings, app: string, target: RouteTarget): Promise<void> {
  say.step(`Routing ${app}.${settings.domain} to release ${target.release}`);
  const domains = [`${app}.${settings.domain}`];
  const ports = target.services[target.defaultService] ?? [];
  await installVhost(settings, app, (listen) => renderVhost({ app, domains, listen, upstreamPorts: ports, release: target.release }));
  if (!(await waitForRoute(settings.nginx.listen, domains[0], target.release))) {
    say.warn(`nginx has not confirmed the new route yet; check \`curl -sI http://${domains[0]}/\``);
  }
}
