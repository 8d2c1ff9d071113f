import { SlipwayError } from "../../errors.js";
import { listApps, saveApp, type AppRecord } from "../../state/app-state.js";
import { copyAppState } from "../../state/copy-app-state.js";
import { loadConfig, saveConfig } from "../../state/config.js";
import { planPreviewName, previewHost } from "../../state/previews/preview-name.js";
import { savePreviewSettings, type PreviewSettings } from "../../state/previews/preview-settings.js";
import { loadRouting, saveRouting } from "../../state/routing-state.js";
import type { Settings } from "../../state/settings.js";

/**
 * Make BRANCH's preview of APP: a new deployment with a copy of APP's config (preview config laid
 * over it), APP's HTTP auth unless previews are public, and its host LABEL.APP.DOMAIN. The caller
 * holds APP's lock; the preview is recorded before anything runs, so a killed push leaves it findable.
 */
export function createPreview(
  settings: Settings,
  parent: AppRecord,
  branch: string,
  prefs: PreviewSettings,
): string {
  const live = Object.keys(prefs.previews).length;
  if (live >= prefs.max) throw previewLimitError(parent.name, branch, prefs.max);
  const owners = new Map<string, string | undefined>(listApps().map((a) => [a.name, undefined]));
  for (const [b, name] of Object.entries(prefs.previews)) owners.set(name, b);
  const name = planPreviewName(parent.name, branch, owners);
  const record = copyAppState(parent, name, { history: false });
  if (parent.builder) saveApp({ ...record, builder: parent.builder });
  saveConfig(name, { ...loadConfig(name), ...prefs.config });
  const auth = prefs.public ? {} : loadRouting(parent.name).auth;
  saveRouting(name, { auth, domains: [{ name: previewHost(settings.domain, parent.name, name) }] });
  savePreviewSettings(parent.name, { ...prefs, previews: { ...prefs.previews, [branch]: name } });
  return name;
}

/** The push is refused: the preview is not made, the existing ones stay. */
export function previewLimitError(app: string, branch: string, max: number): SlipwayError {
  const made = `no preview of ${branch} was made`;
  const room = [
    "delete a preview's branch (git push <remote> :BRANCH)",
    `run \`previews:prune ${app} --older-than 7d\``,
    `or raise the limit: \`previews:enable ${app} --max ${max + 1}\``,
  ];
  return new SlipwayError(
    "preview-limit",
    `${app} already has ${max} preview(s), the most previews:enable --max allows; ${made}`,
    { hint: room.join(", ") },
  );
}
