import type { RouteTarget } from "../state/app-state.js";
import type { SnippetDirective } from "../state/snippet-directive.js";
import type { Settings } from "../state/settings.js";
import { removeVhost } from "./install-vhost.js";
import { routeApp, type RouteOptions } from "./route-app.js";

/** How a release reaches nginx; release/ is handed one, so its steps never depend on how routing is done. */
export interface AppRouter {
  /** Point the app at a route target; validated before it goes live. `quiet` prints no step line. */
  route(target: RouteTarget, opts?: RouteOptions): Promise<void>;
  /** Put back the route a release started from; with none (a first deploy), the app has no vhost again. */
  restore(previous: RouteTarget | undefined): Promise<void>;
}

/** The nginx router of one app; `snippets`, when given, replace the repo snippets a target carries. */
export function nginxRouter(settings: Settings, app: string, snippets?: SnippetDirective[]): AppRouter {
  return {
    route: (target, opts) =>
      routeApp(settings, app, snippets ? { ...target, snippets } : target, undefined, opts),
    restore: (previous) => (previous ? routeApp(settings, app, previous) : removeVhost(settings, app)),
  };
}
