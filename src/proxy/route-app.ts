import fs from "node:fs";
import { say } from "../output.js";
import type { RouteTarget } from "../state/app-state.js";
import { writeFileAtomic } from "../state/atomic-write.js";
import { loadRouting, type RoutingState } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { SlipwayError } from "../errors.js";
import { installVhost } from "./install-vhost.js";
import { checkDirective, type SnippetDirective } from "./parse-snippet.js";
import { authFile, defaultHost, planVhost } from "./plan-vhost.js";
import { renderVhost, routeTag } from "./render-vhost.js";
import { waitForRoute } from "./verify-route.js";
import { stepText } from "../step-lines.js";

/**
 * Render the app's whole vhost (default host, domains, TLS, auth, snippets) for target, put it
 * live through `nginx -t`, and confirm nginx answers with the target's release.
 */
export async function routeApp(
  settings: Settings,
  app: string,
  target: RouteTarget,
  routing: RoutingState = loadRouting(app),
  opts: RouteOptions = {},
): Promise<void> {
  const snippets = target.snippets && keepAllowedSnippets(app, target.snippets, opts);
  const { plan, skipped, uncovered } = planVhost(settings, app, { ...target, snippets }, routing);
  const host = defaultHost(settings, app);
  if (!opts.quiet) {
    for (const s of skipped) say.warn(`not routing ${s}`);
    if (uncovered.length)
      say.warn(`served over plain HTTP, as the certificate does not cover them: ${uncovered.join(", ")}`);
    say.step(stepText.routing(host, target.release));
  }
  renderVhost(plan); // a hostile value throws here, before any file is touched
  if (plan.authFile) publishHtpasswd(plan.authFile, routing.auth);
  await installVhost(settings, app, (listen) => renderVhost({ ...plan, listen }));
  if (!plan.authFile) fs.rmSync(authFile(settings, app), { force: true });
  const routesDefault = plan.sites.some((s) => s.hosts.includes(host));
  if (routesDefault && !(await waitForRoute(settings.nginx.listen, host, target.release, routeTag(plan)))) {
    say.warn(`nginx has not confirmed the new route yet; check \`curl -sI http://${host}/\``);
  }
}

export interface RouteOptions {
  /** The same route once more (a deploy dropping its backups): its warnings and step were already shown. */
  quiet?: boolean;
}

/**
 * Snippets stored by an older Slipway may break today's rules. Rather than keep serving the old
 * vhost, whose ACME location they may exploit, route without each refused file and say so.
 */
function keepAllowedSnippets(
  app: string,
  snippets: SnippetDirective[],
  opts: RouteOptions,
): SnippetDirective[] {
  const refused = new Set<string>();
  for (const d of snippets) {
    if (refused.has(d.file)) continue;
    try {
      checkDirective(d.name, d.args, d.file);
    } catch (err) {
      if (!(err instanceof SlipwayError)) throw err;
      refused.add(d.file);
      if (!opts.quiet)
        say.warn(`${app} is routed without its snippet ${d.file}, which was stored earlier: ${err.message}`);
    }
  }
  return snippets.filter((d) => !refused.has(d.file));
}

/** nginx workers read this at request time: group-readable, in a setgid directory owned by their group. */
function publishHtpasswd(file: string, users: Record<string, string>): void {
  const text = Object.entries(users)
    .map(([user, hash]) => `${user}:${hash}\n`)
    .join("");
  writeFileAtomic(file, text, 0o640);
}
