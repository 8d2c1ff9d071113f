/**
 * Images of the newest `keep` distinct builds (releases newest first, as listReleases gives them). Only successful
 * releases have records, so failed attempts use up no slot; a rollback's record names the old
 * image it reuses, so that image stays however old its tag is.
 */
export function keptImages(releases: { images: Record<string, string> }[], keep: number): Set<string> {
  // Config changes and restarts make releases that share their images; count code, not releases.
  const sets: string[][] = [];
  for (const r of releases) {
    const set = Object.values(r.images).sort();
    if (!sets.some((s) => s.join() === set.join())) sets.push(set);
    if (sets.length >= Math.max(1, keep)) break;
  }
  return new Set(sets.flat());
}
