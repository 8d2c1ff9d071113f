import { say } from "../cli/output.js";
import type { RouteTarget } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { installVhost } from "./install-vhost.js";
import { renderVhost } from "./render-vhost.js";
import { waitForRoute } from "./verify-route.js";

/** Point the app's vhost at a route target (validated before it goes live), then wait until nginx uses it. */
export async function applyRoute(settings: Settings, app: string, target: RouteTarget): Promise<void> {
  const domains = [`${app}.${settings.domain}`];
  const upstreamPorts = target.services[target.defaultService] ?? [];
  await installVhost(settings, app, (listen) => renderVhost({ app, domains, listen, upstreamPorts, release: target.release }));
  if (!(await waitForRoute(settings.nginx.listen, domains[0], target.release))) {
    say.warn(`nginx has not confirmed the new route yet; check \`curl -sI http://${domains[0]}/\``);
  }
}
