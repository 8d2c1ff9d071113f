import { say } from "../output.js";
import { buildImages } from "../builders/build-images.js";
import { parseProcfile } from "../builders/procfile.js";
import { readTreeFile } from "../builders/archive.js";
import { listReleases, type AppRecord, type Release } from "../state/app-state.js";
import { loadRepoSnippets } from "../proxy/load-repo-snippets.js";
import type { Settings } from "../state/settings.js";
import { defaultTemplate } from "../template/default-template.js";
import { loadTemplate } from "../template/load-template.js";
import type { Template } from "../template/template.js";
import { applyRelease, nextReleaseNumber } from "./apply-release.js";
import { checkTemplateEnv, checkTemplateImages } from "./release-inputs.js";
import { checkPublishPorts } from "../engine/check-publish-ports.js";
import { liveContainerIds } from "../engine/live-containers.js";
import { imageTag, removeImage } from "../engine/images.js";
import { removeLeftovers } from "./remove-leftovers.js";
import { clearJournal, openJournal } from "../state/journal.js";
import { announceDeploy } from "./deploy-alerts.js";

export interface DeployRequest {
  app: string;
  /** The app record, read once by the caller under the app lock. */
  record: AppRecord;
  sha: string;
  repoDir: string;
  pushedBy?: string;
  /** A local image to deploy as the web service instead of building the tree (`deploy:image`). */
  prebuiltImage?: string;
  /** What the release records as its cause; a push unless said (`ps:rebuild` says rebuild). */
  cause?: string;
  /** Turns the pushed template into the one deployed (a branch preview leaves some services out). */
  shapeTemplate?: (template: Template) => Template;
  /** Whose images, besides the app's own, the caller may run or build from; none when not said. */
  mayUseImagesOf?: (owner: string) => boolean;
}

/**
 * A push: read the template, build, then roll out. The caller holds the app's lock. Any failure
 * before the switch leaves the previous release serving, untouched.
 */
export async function deploy(settings: Settings, req: DeployRequest): Promise<Release> {
  const started = Date.now();
  const facts = {
    app: req.app,
    release: req.record.lastRelease + 1,
    pusher: req.pushedBy,
    sha: req.sha,
    cause: req.cause ?? "push",
  };
  announceDeploy("deploy-started", facts);
  try {
    const release = await deployJournaled(settings, req);
    announceDeploy("deploy-succeeded", { ...facts, release: release.number }, started);
    return release;
  } catch (err) {
    announceDeploy("deploy-failed", facts, started, err);
    throw err;
  } finally {
    clearJournal(req.app); // finished or cleaned up after itself; only a killed deploy leaves its journal
  }
}

async function deployJournaled(settings: Settings, req: DeployRequest): Promise<Release> {
  const { record } = req;
  // The engine and git answer at the same time: leftovers go while the tree's template and snippets are read.
  const [pushed, snippets] = await settleInOrder([
    req.prebuiltImage ? Promise.resolve(defaultTemplate({})) : templateOfTree(req.repoDir, req.sha, settings),
    // A refused nginx snippet rejects the push before anything is built.
    req.prebuiltImage ? Promise.resolve(record.routes?.snippets) : loadRepoSnippets(req.repoDir, req.sha),
    removeLeftovers(settings, req.app, liveContainerIds(record.current)),
  ] as const);
  const template = req.shapeTemplate ? req.shapeTemplate(pushed) : pushed;
  say.step(`Services from ${template.source}: ${template.services.map((s) => s.name).join(", ")}`);
  checkTemplateEnv(req.app, template);
  await checkTemplateImages(req.app, template, req.mayUseImagesOf, req.prebuiltImage);
  checkPublishPorts(settings, template, record.current);
  const number = nextReleaseNumber(record);
  const journal = openJournal(req.app, number, record.routes);
  journal.enter("building", { images: [imageTag(settings, req.app, number)] });
  const { images, keys } = await buildImages(
    settings,
    { ...req, release: number, builder: record.builder },
    template,
    listReleases(req.app),
  );
  const kept = new Set(listReleases(req.app).flatMap((r) => Object.values(r.images)));
  const fresh = Object.values(images).filter((i) => !kept.has(i));
  try {
    return await applyRelease(settings, {
      app: req.app,
      number,
      template,
      images,
      buildKeys: keys,
      sha: req.sha,
      cause: req.cause ?? "push",
      pushedBy: req.pushedBy,
      snippets,
      journal,
      record,
    });
  } catch (err) {
    await Promise.all(fresh.map(removeImage));
    throw err;
  }
}

/** slipway.yml when the repo has one; otherwise one web service plus the Procfile's process types. */
export async function templateOfTree(repoDir: string, sha: string, settings: Settings): Promise<Template> {
  const [yml, procfile] = await Promise.all(
    ["slipway.yml", "Procfile"].map((file) => readTreeFile(repoDir, sha, file)),
  );
  if (yml !== undefined) return loadTemplate(yml, "slipway.yml", { cronSeconds: settings.cronSeconds });
  return defaultTemplate(procfile === undefined ? {} : parseProcfile(procfile));
}

/**
 * Wait for every promise, then throw the first failure in list order: nothing is left running once
 * the push fails, and a bad template is reported before a bad snippet, as when they ran one by one.
 */
async function settleInOrder<T extends readonly unknown[]>(work: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
