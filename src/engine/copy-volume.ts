import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { CAPPED_LOGS } from "./log-config.js";

/**
 * Docker cannot rename a volume, so its data is copied: a short-lived container of `image` (the
 * service's own, which is on this host) mounts both volumes and runs `cp -a`, with no network.
 */
export async function copyVolume(settings: Settings, image: string, from: string, to: string): Promise<void> {
  const engine = await docker();
  const container = await engine.createContainer({
    Image: image,
    Entrypoint: ["cp", "-a", "/from/.", "/to/"],
    Cmd: [],
    User: "0",
    Labels: { ...settings.labels, "slipway.volume-copy": from },
    HostConfig: { Binds: [`${from}:/from:ro`, `${to}:/to`], NetworkMode: "none", LogConfig: CAPPED_LOGS },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    if (StatusCode !== 0) throw copyFailed(from, to, `cp exited ${StatusCode}`);
  } catch (err) {
    if (err instanceof SlipwayError) throw err;
    throw copyFailed(from, to, (err as Error).message);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

function copyFailed(from: string, to: string, why: string): SlipwayError {
  return new SlipwayError("volume-copy", `could not copy volume ${from} to ${to}: ${why}`, {
    hint: "the copy runs `cp` in the service's own image, which must have it; the original volume is untouched",
  });
}
