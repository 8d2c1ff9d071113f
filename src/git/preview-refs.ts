import type { AppRecord } from "../state/app-state.js";
import { matchesBranch } from "../state/previews/branch-patterns.js";
import { loadPreviewSettings, type PreviewSettings } from "../state/previews/preview-settings.js";
import type { Settings } from "../state/settings.js";
import { previewLimitError } from "../release/previews/create-preview.js";
import { deployPreview } from "../release/previews/deploy-preview.js";
import { destroyPreview } from "../release/previews/destroy-preview.js";
import type { RefUpdate } from "./ref-updates.js";

export type PreviewRef =
  | { kind: "deploy"; ref: string; branch: string; sha: string }
  | { kind: "destroy"; ref: string; branch: string };

const ZERO = /^0+$/;
const HEADS = "refs/heads/";

/**
 * The ref updates of a push that are previews: a matching branch other than the deploy branch
 * (before there is one, other than master and main) deploys; deleting a branch that has a preview
 * destroys it. Pure.
 */
export function planPreviewRefs(
  updates: RefUpdate[],
  deployBranch: string | undefined,
  prefs: PreviewSettings | undefined,
): PreviewRef[] {
  if (!prefs) return [];
  const production = deployBranch ? [deployBranch] : ["master", "main"];
  return updates.flatMap((u): PreviewRef[] => {
    const branch = u.ref.startsWith(HEADS) ? u.ref.slice(HEADS.length) : undefined;
    if (branch === undefined || production.includes(branch)) return [];
    if (ZERO.test(u.newSha)) return prefs.previews[branch] ? [{ kind: "destroy", ref: u.ref, branch }] : [];
    return matchesBranch(prefs.branches, branch)
      ? [{ kind: "deploy", ref: u.ref, branch, sha: u.newSha }]
      : [];
  });
}

/**
 * The preview refs of this push to APP; read under APP's lock, before the push deploys anything.
 * A push that would make more previews than the max is refused here, so its deploy branch does
 * not go live under a push that is then rejected.
 */
export function previewRefs(record: AppRecord, updates: RefUpdate[]): PreviewRef[] {
  const prefs = loadPreviewSettings(record.name);
  const refs = planPreviewRefs(updates, record.deployBranch, prefs);
  if (prefs) requirePreviewRoom(record.name, refs, prefs);
  return refs;
}

/** Refuse refs that would leave more previews than prefs.max once their destroys ran first; pure. */
export function requirePreviewRoom(app: string, refs: PreviewRef[], prefs: PreviewSettings): void {
  const kept = Object.keys(prefs.previews).filter(
    (b) => !refs.some((r) => r.kind === "destroy" && r.branch === b),
  );
  const made = refs.filter((r) => r.kind === "deploy" && !prefs.previews[r.branch]);
  const over = made[prefs.max - kept.length];
  if (over) throw previewLimitError(app, over.branch, prefs.max);
}

/** Deploy or destroy each preview in turn; the first failure rejects the push. The caller holds APP's lock. */
export async function runPreviewRefs(
  settings: Settings,
  record: AppRecord,
  refs: PreviewRef[],
  pushedBy: string | undefined,
  mayUseImagesOf: (owner: string) => boolean,
): Promise<void> {
  // Destroys first: a push that deletes one branch and adds another fits the max it was checked against.
  const ordered = [...refs.filter((r) => r.kind === "destroy"), ...refs.filter((r) => r.kind === "deploy")];
  for (const ref of ordered) {
    if (ref.kind === "destroy") await destroyPreview(settings, record.name, ref.branch);
    else
      await deployPreview(settings, record, { branch: ref.branch, sha: ref.sha, pushedBy, mayUseImagesOf });
  }
}
