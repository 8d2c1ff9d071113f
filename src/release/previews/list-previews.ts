import { loadApp } from "../../state/app-state.js";
import { previewHost } from "../../state/previews/preview-name.js";
import { loadPreviewSettings } from "../../state/previews/preview-settings.js";
import type { Settings } from "../../state/settings.js";

export interface PreviewRow {
  branch: string;
  name: string;
  url: string;
  release?: number;
  createdAt: string;
  /** The last deploy of the preview; its creation if none went live. */
  lastPush: string;
}

/** APP's previews, oldest push first; one whose state is gone dates from 1970, so any prune finds it. */
export function listPreviews(settings: Settings, app: string): PreviewRow[] {
  const prefs = loadPreviewSettings(app);
  const rows = Object.entries(prefs?.previews ?? {}).map(([branch, name]): PreviewRow => {
    const record = loadApp(name);
    const createdAt = record?.createdAt ?? new Date(0).toISOString();
    return {
      branch,
      name,
      url: `http://${previewHost(settings.domain, app, name)}/`,
      release: record?.current?.number,
      createdAt,
      lastPush: record?.current?.deployedAt ?? createdAt,
    };
  });
  return rows.sort((a, b) => a.lastPush.localeCompare(b.lastPush));
}
