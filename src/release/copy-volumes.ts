import { say } from "../output.js";
import type { Release } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { docker } from "../engine/docker.js";
import { copyVolume } from "../engine/copy-volume.js";
import { ensureVolumes } from "../engine/network.js";
import { volumeName } from "../engine/service-host-config.js";
import { INIT } from "../engine/supervisors/inits.js";
import { runInit } from "../engine/supervisors/supervise.js";

/** Services of a release that keep data in volumes: they are stopped while it is copied. */
export function statefulServices(release: Release): string[] {
  return release.template.services.filter((s) => Object.keys(s.volumes).length).map((s) => s.name);
}

/**
 * Copy every volume of `from`'s live release into `to`'s volumes of the same name. Stateful
 * services are stopped first so the copy is consistent; the caller starts or retires them.
 */
export async function copyVolumes(
  settings: Settings,
  from: string,
  to: string,
  release: Release,
): Promise<void> {
  const stateful = statefulServices(release);
  if (!stateful.length) return;
  say.step(`Stopping ${from}'s services with volumes (${stateful.join(", ")}) while their data is copied`);
  await stopServices(settings, release, stateful);
  for (const s of release.template.services.filter((t) => stateful.includes(t.name))) {
    const volumes = Object.keys(s.volumes);
    await ensureVolumes(settings, to, volumes);
    for (const v of volumes) {
      say.step(`Copying volume ${v} of ${from} to ${to}`);
      const names = [from, to].map((app) => volumeName(settings.namePrefix, app, v));
      await copyVolume(settings, release.services[s.name].image, names[0], names[1]);
    }
  }
}

async function stopServices(settings: Settings, release: Release, services: string[]): Promise<void> {
  const engine = await docker();
  for (const name of services.flatMap((s) => release.services[s]?.containers.map((c) => c.name) ?? [])) {
    const init = settings.supervisor;
    if (init !== "docker") await runInit(settings, init, "stop", INIT[init].file(name), true);
    await engine
      .getContainer(name)
      .stop({ t: settings.stopTimeoutSeconds })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 304) throw err;
      });
  }
}
