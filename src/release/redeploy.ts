import { SlipwayError } from "../errors.js";
import { actor } from "../state/app-lock.js";
import { loadApp, type Release } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import type { Template } from "../template/template.js";
import { applyRelease, nextReleaseNumber } from "./apply-release.js";

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
  return applyRelease(settings, {
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
}

export function notDeployed(app: string): SlipwayError {
  return new SlipwayError("not-deployed", `${app} has no running release`, {
    hint: `push to it first: git push <remote> master`,
  });
}
