/** Stored documents are named by templateHash (16 hex digits); anything else in the folder is not ours to judge. */
const DOCUMENT = /^([0-9a-f]{16})\.yml$/;
const PENDING = "pending.yml";

/**
 * Which files of apps/APP/templates/ to delete once a release is live: every document except those of
 * the newest `keep` distinct templates among the release records (hashes newest first, as
 * listReleases gives them) and the live release's. Distinct, like kept images: config changes and
 * restarts make releases that share a template. pending.yml goes too: with a live release it is never read.
 */
export function staleTemplateFiles(
  files: string[],
  releaseHashes: string[],
  liveHash: string,
  keep: number,
): string[] {
  const kept = new Set([liveHash, ...newestDistinct(releaseHashes, Math.max(1, keep))]);
  return files.filter((f) => f === PENDING || (DOCUMENT.test(f) && !kept.has(DOCUMENT.exec(f)![1])));
}

function newestDistinct(hashes: string[], count: number): string[] {
  return [...new Set(hashes)].slice(0, count);
}
