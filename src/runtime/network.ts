import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { createNetwork } from "./create-network.js";
import { appLabelFilter } from "./containers.js";
import { networkName } from "./service-container.js";
import { volumeName } from "./service-host-config.js";

const appLabels = (settings: Settings, app: string) => ({ ...settings.labels, "slipway.app": app });

/** The deployment's own bridge network; created once and kept across deploys (with whatever subnet it has). */
export async function ensureNetwork(settings: Settings, app: string): Promise<string> {
  const engine = await docker();
  const name = networkName(settings.namePrefix, app);
  const existing = await engine.listNetworks({ filters: { name: [name] } });
  if (!existing.some((n) => n.Name === name)) {
    await createNetwork(settings, name, appLabels(settings, app));
  }
  return name;
}

/** Named volumes are per deployment and labelled, so only `apps:destroy --volumes` finds them to remove. */
export async function ensureVolumes(settings: Settings, app: string, volumes: string[]): Promise<void> {
  const engine = await docker();
  for (const v of volumes) {
    await engine.createVolume({ Name: volumeName(settings.namePrefix, app, v), Labels: { ...appLabels(settings, app), "slipway.volume": v } });
  }
}

export async function removeNetwork(settings: Settings, app: string): Promise<void> {
  const engine = await docker();
  for (const n of await engine.listNetworks({ filters: { label: appLabelFilter(settings, app) } })) {
    await engine.getNetwork(n.Id).remove().catch(() => undefined);
  }
}

/** Build caches always go with the app; data volumes only when asked (`apps:destroy --volumes`). */
export async function removeVolumes(settings: Settings, app: string, opts: { data: boolean }): Promise<void> {
  const engine = await docker();
  const { Volumes } = await engine.listVolumes({ filters: { label: appLabelFilter(settings, app) } });
  for (const v of Volumes ?? []) {
    if (opts.data || v.Labels?.["slipway.volume"] === "buildpack-cache") await engine.getVolume(v.Name).remove();
  }
}
