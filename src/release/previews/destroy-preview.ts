import { say } from "../../output.js";
import { withAppLock } from "../../state/app-lock.js";
import { loadPreviewSettings, savePreviewSettings } from "../../state/previews/preview-settings.js";
import type { Settings } from "../../state/settings.js";
import { destroyApp } from "../destroy-app.js";

/**
 * Remove BRANCH's preview of APP with its containers, images, network, vhost and volumes, then
 * forget it. The caller holds APP's lock; returns whether there was one.
 */
export async function destroyPreview(settings: Settings, app: string, branch: string): Promise<boolean> {
  const prefs = loadPreviewSettings(app);
  const name = prefs?.previews[branch];
  if (!prefs || !name) return false;
  await withAppLock(settings, name, () => destroyApp(settings, name, { volumes: true }));
  const previews = { ...prefs.previews };
  delete previews[branch];
  savePreviewSettings(app, { ...prefs, previews });
  say.step(`Destroyed the preview of ${branch} (${name}) and its volumes`);
  return true;
}
