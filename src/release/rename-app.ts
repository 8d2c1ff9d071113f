import fs from "node:fs";
import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { removeVhost } from "../proxy/install-vhost.js";
import { routeApp } from "../proxy/route-app.js";
import { defaultHost } from "../proxy/plan-vhost.js";
import { loadApp } from "../state/app-state.js";
import { repoPath } from "../state/paths.js";
import { loadPreviewSettings } from "../state/previews/preview-settings.js";
import { loadRouting, saveRouting } from "../state/routing-state.js";
import type { Settings } from "../state/settings.js";
import { copyLiveRelease } from "./copy-live-release.js";
import { destroyApp } from "./destroy-app.js";
import { renameUndeployed } from "./rename-undeployed.js";

/**
 * `apps:rename`: NEW runs OLD's live release beside it, then NEW's vhost takes the custom domains
 * (both serve them for a moment, so no request fails), then OLD is retired with its volumes,
 * whose data NEW has. The default host changes by nature. The caller holds both apps' locks and
 * reinstalls the copied repo's hook, which still names OLD (ensureRepo; git sits above this layer).
 */
export async function renameApp(
  settings: Settings,
  from: string,
  to: string,
  pusher?: string,
): Promise<void> {
  refuseWithPreviews(from);
  const record = loadApp(from);
  if (record && !record.current) renameUndeployed(settings, record, to);
  else await renameDeployed(settings, from, to, pusher);
  say.step(
    `Renamed ${from} to ${to}; its default host is now ${defaultHost(settings, to)} (was ${defaultHost(settings, from)})`,
  );
}

/** Previews are named after their app and built from its repository: they cannot follow a rename. */
function refuseWithPreviews(app: string): void {
  const count = Object.keys(loadPreviewSettings(app)?.previews ?? {}).length;
  if (!count) return;
  throw new SlipwayError(
    "has-previews",
    `${app} has ${count} branch preview(s), which cannot be renamed with it`,
    {
      hint: `run \`previews:disable ${app}\` first (it destroys them), then rename; nothing was changed`,
    },
  );
}

async function renameDeployed(settings: Settings, from: string, to: string, pusher?: string): Promise<void> {
  const cause = `rename from ${from}`;
  await copyLiveRelease(settings, { from, to, volumes: true, state: { history: true }, cause, pusher });
  fs.cpSync(repoPath(settings, from), repoPath(settings, to), { recursive: true, preserveTimestamps: true });
  const routing = loadRouting(from);
  saveRouting(to, routing);
  if (routing.domains.length) say.step(`Moving ${routing.domains.map((d) => d.name).join(", ")} to ${to}`);
  const routes = loadApp(to)!.routes;
  if (routes) await routeApp(settings, to, routes, routing); // none when no service takes HTTP
  say.step(`Retiring ${from}: its containers, network, vhost, images, volumes (copied) and repository`);
  await removeVhost(settings, from);
  await new Promise((r) => setTimeout(r, settings.drainSeconds * 1000)); // requests nginx still sent to OLD finish
  await destroyApp(settings, from, { volumes: true });
}
