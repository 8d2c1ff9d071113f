import crypto from "node:crypto";

/** The longest app name parseAppName accepts. */
const MAX_APP_NAME = 63;
/** `-` plus this many hex digits tells apart branches whose safe labels would collide. */
const HASH_LENGTH = 6;
/** Room a preview's label needs at least: a hash and a letter or two. */
export const MIN_LABEL_ROOM = HASH_LENGTH + 3;

/** A branch as a DNS label: ASCII lowercase letters, digits and single inner dashes (may be empty). */
export function branchLabel(branch: string): string {
  return branch
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents go, the letters stay: Ü -> u
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Characters the label of a preview of APP may use, within the app-name limit. */
export function labelRoom(app: string): number {
  return MAX_APP_NAME - app.length - 2;
}

/**
 * The deployment name of BRANCH's preview of APP: `APP--LABEL`. The label gets a hash of the branch
 * when it is empty, too long, or already held by another deployment (`owners`: name -> its branch,
 * undefined for an app that is not a preview); pure.
 */
export function planPreviewName(
  app: string,
  branch: string,
  owners: ReadonlyMap<string, string | undefined>,
): string {
  const label = branchLabel(branch);
  const plain = `${app}--${label}`;
  const free = !owners.has(plain) || owners.get(plain) === branch;
  if (label && label.length <= labelRoom(app) && free) return plain;
  const hash = crypto.createHash("sha256").update(branch).digest("hex").slice(0, HASH_LENGTH);
  const cut = label.slice(0, labelRoom(app) - HASH_LENGTH - 1).replace(/-+$/, "");
  return `${app}--${cut ? `${cut}-` : ""}${hash}`;
}

/** The label part of a preview's name, which is also the first label of its host. */
export function previewLabel(app: string, name: string): string {
  return name.slice(app.length + 2);
}

/** Where a preview answers: LABEL.APP.DOMAIN. */
export function previewHost(domain: string, app: string, name: string): string {
  return `${previewLabel(app, name)}.${app}.${domain}`;
}
