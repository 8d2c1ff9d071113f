import fs from "node:fs";
import { SlipwayError } from "../errors.js";
import { actor } from "../state/app-lock.js";
import { loadApp, type AppRecord, type Release } from "../state/app-state.js";
import { copyAppState, type StateCopy } from "../state/copy-app-state.js";
import { paths, repoPath } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { applyRelease, nextReleaseNumber } from "./apply-release.js";
import { copyVolumes } from "./copy-volumes.js";
import { destroyApp } from "./destroy-app.js";
import { relabelImages } from "./relabel-images.js";
import { startContainers } from "./stop-app.js";

export interface CopyRequest {
  from: string;
  to: string;
  /** Copy the data volumes (stopping `from`'s stateful services meanwhile), or leave `to`'s empty. */
  volumes: boolean;
  state: StateCopy;
  cause: string;
  pusher?: string;
}

/**
 * Make `to` from `from`'s live release: state, volumes, the same images under `to`'s tag, then
 * a normal release gate. On failure `to` is removed and `from`'s stopped services run again.
 * The caller holds both apps' locks.
 */
export async function copyLiveRelease(settings: Settings, req: CopyRequest): Promise<Release> {
  const source = checkCopy(settings, req.from, req.to);
  const live = source.current!;
  try {
    if (req.volumes) await copyVolumes(settings, req.from, req.to, live);
    const record = copyAppState(source, req.to, req.state);
    const number = nextReleaseNumber(record);
    const images = await relabelImages(settings, req.to, number, live);
    return await applyRelease(settings, {
      app: req.to,
      number,
      record,
      template: live.template,
      images,
      sha: live.sha,
      cause: req.cause,
      pushedBy: actor(req.pusher),
      snippets: source.routes?.snippets,
    });
  } catch (err) {
    await destroyApp(settings, req.to, { volumes: true }).catch(() => undefined);
    await startContainers(settings, req.from).catch(() => undefined);
    throw err;
  }
}

/** The one refusal list: `from` must run a release, `to` must not exist in any form. */
function checkCopy(settings: Settings, from: string, to: string): AppRecord {
  const source = loadApp(from);
  if (!source) throw new SlipwayError("no-app", `there is no app named ${from}`, { hint: "see `apps:list`" });
  if (!source.current) {
    throw new SlipwayError("not-deployed", `${from} has no running release to copy`, {
      hint: `push to it first: git push git@HOST:${from} master`,
    });
  }
  if (source.stopped)
    throw new SlipwayError("app-stopped", `${from} is stopped`, { hint: `start it first: ps:start ${from}` });
  const published = Object.entries(source.current.services)
    .filter(([, s]) => Object.keys(s.publish ?? {}).length)
    .map(([n]) => n);
  if (published.length) {
    throw new SlipwayError(
      "publishes-ports",
      `${from} publishes host ports (services ${published.join(", ")}), which two apps cannot share`,
      {
        hint: "remove `publish` from slipway.yml and push, then copy it; nothing was changed",
      },
    );
  }
  checkFreeName(settings, to);
  return source;
}

/** A new name must be free of any record, state or repository, even one left without an app. */
export function checkFreeName(settings: Settings, to: string): void {
  if (loadApp(to) || fs.existsSync(paths.appDir(to)) || fs.existsSync(repoPath(settings, to))) {
    throw new SlipwayError("app-exists", `there is already an app named ${to}`, {
      hint: "see `apps:list`, or pick another name; nothing was changed",
    });
  }
}
