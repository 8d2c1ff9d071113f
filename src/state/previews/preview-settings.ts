import fs from "node:fs";
import { readJson, writeJsonAtomic } from "../atomic-write.js";
import { paths } from "../paths.js";

/** What previews:enable set for an app, the previews:config values, and which branch has which preview. */
export interface PreviewSettings {
  /** Branch patterns whose pushes deploy a preview. */
  branches: string[];
  /** Most previews at once; a push that would make one more is refused. */
  max: number;
  /** Previews made without APP's HTTP auth. */
  public: boolean;
  /** Config for previews only, laid over the copy of APP's config. */
  config: Record<string, string>;
  /** Branch -> the preview's deployment name. */
  previews: Record<string, string>;
}

export const DEFAULT_MAX_PREVIEWS = 5;

/** The app's preview settings, or undefined when previews are off. */
export function loadPreviewSettings(app: string): PreviewSettings | undefined {
  const stored = readJson<Partial<PreviewSettings>>(paths.previews(app));
  if (!stored) return undefined;
  return { branches: ["*"], max: DEFAULT_MAX_PREVIEWS, public: false, config: {}, previews: {}, ...stored };
}

/** 0600: preview config holds secrets, as config.json does. */
export function savePreviewSettings(app: string, settings: PreviewSettings): void {
  writeJsonAtomic(paths.previews(app), settings, 0o600);
}

export function removePreviewSettings(app: string): void {
  fs.rmSync(paths.previews(app), { force: true });
}
