import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { actor } from "../state/app-lock.js";
import { listReleases, loadApp, type AppRecord, type Release } from "../state/app-state.js";
import { configSnapshot, loadConfig } from "../state/config.js";
import type { Settings } from "../state/settings.js";
import { applyRelease, nextReleaseNumber } from "./apply-release.js";
import { docker } from "../engine/docker.js";
import { notDeployed } from "./redeploy.js";
import { announceDeploy } from "./deploy-alerts.js";

/**
 * Run an earlier release's images and template again, without rebuilding, through the same gate
 * as a push. It becomes a new release, so rolling back is itself undoable.
 */
export async function rollback(
  settings: Settings,
  app: string,
  pusher: string | undefined,
  target?: number,
): Promise<Release> {
  const record = loadApp(app);
  const current = record?.current;
  if (!record || !current) throw notDeployed(app);
  const releases = listReleases(app);
  const chosen =
    target === undefined
      ? releases.find((r) => r.number < current.number)
      : releases.find((r) => r.number === target);
  if (!chosen) throw noSuchRelease(app, target);
  if (chosen.number === current.number)
    throw new SlipwayError("already-live", `release ${chosen.number} is the live release of ${app}`, {
      hint: `see \`releases ${app}\``,
    });
  await checkImagesKept(settings, app, chosen);
  if (configSnapshot(loadConfig(app)).hash !== chosen.config.hash)
    say.warn(`config has changed since release ${chosen.number}; the rollback runs with today's config`);
  say.step(`Rolling ${app} back to release ${chosen.number} (${chosen.sha?.slice(0, 7) ?? "no git"})`);
  const number = nextReleaseNumber(record);
  const facts = {
    app,
    release: number,
    pusher: actor(pusher),
    sha: chosen.sha,
    cause: `rollback of ${chosen.number}`,
  };
  const started = Date.now();
  try {
    const release = await rollOut(settings, record, chosen, number, pusher);
    announceDeploy("rollback", facts, started);
    return release;
  } catch (err) {
    announceDeploy("deploy-failed", facts, started, err);
    throw err;
  }
}

function rollOut(
  settings: Settings,
  record: AppRecord,
  chosen: Release,
  number: number,
  pusher: string | undefined,
): Promise<Release> {
  const app = record.name;
  return applyRelease(settings, {
    app,
    number,
    record,
    template: chosen.template,
    images: chosen.images,
    buildKeys: chosen.buildKeys,
    sha: chosen.sha,
    cause: `rollback of ${chosen.number}`,
    pushedBy: actor(pusher),
  });
}

function noSuchRelease(app: string, target: number | undefined): SlipwayError {
  const what = target === undefined ? "no release before the live one" : `no release ${target}`;
  return new SlipwayError("no-release", `${app} has ${what}`, { hint: `see \`releases ${app}\`` });
}

/** Images of releases older than keepReleases are pruned; say so rather than fail mid-rollout. */
async function checkImagesKept(settings: Settings, app: string, release: Release): Promise<void> {
  const engine = await docker();
  for (const ref of Object.values(release.images)) {
    if (
      !(await engine
        .getImage(ref)
        .inspect()
        .catch(() => undefined))
    ) {
      throw new SlipwayError(
        "image-pruned",
        `the image of release ${release.number} (${ref}) is no longer on this host`,
        {
          hint: `only the images of the last ${settings.keepReleases} releases are kept (setting keepReleases); push that commit again instead`,
        },
      );
    }
  }
}
