import { SlipwayError } from "../errors.js";
import { actor } from "../state/app-lock.js";
import { loadApp, type Release } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import type { Template } from "../template/template.js";
import { applyRelease, nextReleaseNumber } from "./apply-release.js";
import { announceDeploy } from "./deploy-alerts.js";

/**
 * A new release from the running one's images and template, after config or scale changed.
 * Only services whose containers no longer match are recreated. The caller holds the app's lock.
 */
export async function redeploy(
  settings: Settings,
  app: string,
  cause: string,
  pusher: string | undefined,
  opts: { forced?: Set<string>; template?: Template } = {},
): Promise<Release> {
  const record = loadApp(app);
  const current = record?.current;
  if (!record || !current) throw notDeployed(app);
  const number = nextReleaseNumber(record);
  const template = opts.template ?? current.template;
  // A config, scale, restart or scheduler change is a deploy too: notifiers hear of it like a push.
  const facts = { app, release: number, pusher, sha: current.sha, cause };
  const started = Date.now();
  announceDeploy("deploy-started", facts);
  try {
    const release = await applyRelease(settings, {
      app,
      number,
      template,
      images: current.images,
      buildKeys: current.buildKeys,
      sha: current.sha,
      cause,
      pushedBy: actor(pusher),
      forced: opts.forced,
      record,
    });
    announceDeploy("deploy-succeeded", facts, started);
    return release;
  } catch (err) {
    announceDeploy("deploy-failed", facts, started, err);
    throw err;
  }
}

export function notDeployed(app: string): SlipwayError {
  return new SlipwayError("not-deployed", `${app} has no running release`, {
    hint: `push to it first: git push <remote> master`,
  });
}
