import { docker } from "./docker.js";

/** docker pause/unpause, so a copy sees a volume as one moment; a container not running is left be. */
export async function setPaused(containers: string[], paused: boolean): Promise<void> {
  const engine = await docker();
  for (const name of containers) {
    const c = engine.getContainer(name);
    await (paused ? c.pause() : c.unpause()).catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 409 && err.statusCode !== 404) throw err;
    });
  }
}
