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

/** The engine's short container id, as build output prints it. */
const SHORT_ID = 12;

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * The images a build's step containers started from, read from the engine's events (one JSON
 * object a line): containers that joined the build network, and the image each was created from.
 * Containers elsewhere (apps, one-off runs, anything else on the host) are left out, and so are
 * another build's steps on the same network: only containers the build named (`Running in ID`)
 * count. A RUN step could print such a line, but only the engine's events make it a step here.
 */
export function buildStepImages(eventLines: string, network: string, named: Set<string>): string[] {
  const events = eventLines
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EngineEvent);
  const onNetwork = new Set(
    events
      .filter((e) => e.Type === "network" && e.Action === "connect" && e.Actor?.Attributes?.name === network)
      .map((e) => e.Actor?.Attributes?.container),
  );
  const images = events
    .filter((e) => e.Type === "container" && e.Action === "create" && onNetwork.has(e.Actor?.ID))
    .filter((e) => named.has((e.Actor?.ID ?? "").slice(0, SHORT_ID)))
    .map((e) => e.Actor?.Attributes?.image ?? "");
  return [...new Set(images.filter((i) => i.startsWith("sha256:")))];
}
