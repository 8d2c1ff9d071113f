import { say } from "../../output.js";
import { loadApp, loadOrCreateApp, type AppRecord } from "../../state/app-state.js";
import { loadConfig, saveConfig } from "../../state/config.js";
import { repoPath } from "../../state/paths.js";
import { previewHost } from "../../state/previews/preview-name.js";
import { loadPreviewSettings, type PreviewSettings } from "../../state/previews/preview-settings.js";
import type { Settings } from "../../state/settings.js";
import { previewTemplate } from "../../template/preview-template.js";
import { withAppSession } from "../app-session.js";
import { deploy } from "../deploy.js";
import { createPreview } from "./create-preview.js";
import { destroyPreview } from "./destroy-preview.js";

export interface PreviewPush {
  branch: string;
  sha: string;
  pushedBy?: string;
  /** Whose images, besides the preview's own, the pusher may use (see DeployRequest). */
  mayUseImagesOf?: (owner: string) => boolean;
}

/**
 * Deploy a pushed branch as its preview, creating the preview on its first push. The caller holds
 * APP's lock. A failed deploy leaves an existing preview serving, and removes one made by this push.
 */
export async function deployPreview(settings: Settings, parent: AppRecord, push: PreviewPush): Promise<void> {
  const prefs = forgetDestroyed(loadPreviewSettings(parent.name)!, push.branch);
  const existing = prefs.previews[push.branch];
  const name = existing ?? createPreview(settings, parent, push.branch, prefs);
  say.step(`${existing ? "Updating" : "Creating"} the preview of ${push.branch}: ${name}`);
  try {
    await withAppSession(settings, name, () => deployAs(settings, parent.name, name, push, prefs));
  } catch (err) {
    if (!existing) await destroyPreview(settings, parent.name, push.branch).catch(() => undefined);
    throw err;
  }
  say.step(`Preview of ${push.branch} is live: http://${previewHost(settings.domain, parent.name, name)}/`);
}

/**
 * A preview removed by `apps:destroy` lost its routing with its state: it is made again, with its
 * host and APP's HTTP auth, rather than redeployed public on a default host.
 */
function forgetDestroyed(prefs: PreviewSettings, branch: string): PreviewSettings {
  const name = prefs.previews[branch];
  if (!name || loadApp(name)) return prefs;
  const previews = { ...prefs.previews };
  delete previews[branch];
  return { ...prefs, previews };
}

async function deployAs(
  settings: Settings,
  app: string,
  name: string,
  push: PreviewPush,
  prefs: PreviewSettings,
): Promise<void> {
  // previews:config values set since the preview was made reach it with its next push.
  saveConfig(name, { ...loadConfig(name), ...prefs.config });
  await deploy(settings, {
    app: name,
    record: loadOrCreateApp(name),
    sha: push.sha,
    repoDir: repoPath(settings, app),
    pushedBy: push.pushedBy,
    mayUseImagesOf: push.mayUseImagesOf,
    shapeTemplate: previewTemplate,
  });
}
