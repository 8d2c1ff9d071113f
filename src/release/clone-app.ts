import { say } from "../output.js";
import { defaultHost } from "../proxy/plan-vhost.js";
import type { Settings } from "../state/settings.js";
import { copyLiveRelease } from "./copy-live-release.js";
import { startContainers } from "./stop-app.js";

/**
 * `apps:clone`: a new app running OLD's live release with OLD's config and auth. Domains and
 * certificates belong to OLD and stay there. The caller holds both apps' locks and
 * makes its (empty) repository.
 */
export async function cloneApp(
  settings: Settings,
  from: string,
  to: string,
  opts: { volumes: boolean; pusher?: string },
): Promise<void> {
  await copyLiveRelease(settings, {
    from,
    to,
    volumes: opts.volumes,
    state: { history: false },
    cause: `clone of ${from}`,
    pusher: opts.pusher,
  });
  if (opts.volumes) {
    say.step(`Starting ${from}'s services with volumes again`);
    await startContainers(settings, from);
  }
  const data = opts.volumes ? "copies of its volumes" : "empty volumes (add --with-volumes to copy them)";
  say.step(
    `Cloned ${from} to ${to} at ${defaultHost(settings, to)}, with ${data}; domains and certificates stay with ${from}`,
  );
}
