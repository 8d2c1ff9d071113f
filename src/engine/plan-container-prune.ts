import type Docker from "dockerode";

/** States of a container nobody will start again; "created" is left, as a deploy may be about to start it. */
const DEAD = new Set(["exited", "dead"]);

/**
 * Slipway's stopped containers that no live release runs: a deploy's leftovers, finished one-offs
 * kept by an engine crash. A stopped app's live containers (ps:stop) stay, as ps:start restarts them.
 */
export function planContainerPrune(containers: Docker.ContainerInfo[], live: Set<string>): string[] {
  return containers.filter((c) => DEAD.has(c.State) && !live.has(c.Id)).map((c) => c.Id);
}
