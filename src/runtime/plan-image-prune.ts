/** An app image as retention sees it: its release number and the references that name it. */
export interface ReleaseImage {
  release: number;
  refs: string[];
}

/**
 * The references to remove so that the live release and the newest `keep - 1` others stay.
 * Counted in releases that have images, so failed attempts (whose images are already gone) use up no slot.
 */
export function planImagePrune(images: ReleaseImage[], liveRelease: number, keep: number): string[] {
  const others = [...new Set(images.map((i) => i.release))].filter((r) => r !== liveRelease).sort((a, b) => b - a);
  const kept = new Set([liveRelease, ...others.slice(0, Math.max(1, keep) - 1)]);
  return images.filter((i) => !kept.has(i.release)).flatMap((i) => i.refs);
}

/**
 * Image ids of the layers a classic build committed, read from its output (` ---> ID` after each
 * step). FROM steps are skipped: their id is the base image, which is not the app's to remove.
 */
export function stepLayerIds(buildText: string): string[] {
  const ids: string[] = [];
  let fromStep = false;
  for (const line of buildText.split("\n")) {
    const step = /^Step \d+\/\d+ : (\S+)/.exec(line);
    if (step) fromStep = step[1].toUpperCase() === "FROM";
    const layer = /^ ---> ([0-9a-f]{12,64})\s*$/.exec(line);
    if (layer && !fromStep) ids.push(layer[1]);
  }
  return ids;
}
