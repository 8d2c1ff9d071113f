import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { createNetwork } from "./create-network.js";
import { ensureBuildFirewall } from "./build-firewall.js";
import { appLabelFilter } from "./containers.js";
import { networkName, overlayName } from "./service-container.js";
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

/** The deployment's overlay network on the cluster, for its Swarm services; a pool subnet like bridges. */
export async function ensureOverlay(settings: Settings, app: string): Promise<string> {
  const engine = await docker();
  const name = overlayName(settings.namePrefix, app);
  const existing = await engine.listNetworks({ filters: { name: [name] } });
  if (!existing.some((n) => n.Name === name)) {
    await createNetwork(settings, name, appLabels(settings, app), "overlay");
  }
  return name;
}

/** Tasks of removed services leave the overlay a few seconds later; until then it cannot go. */
export async function removeOverlay(settings: Settings, app: string, timeoutMs = 30_000): Promise<void> {
  const network = (await docker()).getNetwork(overlayName(settings.namePrefix, app));
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 500))) {
    // Removed means gone from the engine's list: the manager may list a removed overlay a moment longer.
    const err = await network.remove().then(
      () =>
        network.inspect().then(
          () => ({ statusCode: 0 }),
          (e: { statusCode?: number }) => e,
        ),
      (e: { statusCode?: number }) => e,
    );
    if (err.statusCode === 404 || Date.now() > deadline) return;
  }
}

const BRIDGE_NAME = "com.docker.network.bridge.name";
const ICC = "com.docker.network.bridge.enable_icc";

/**
 * The bridge every build step runs on. Inter-container traffic is off, so concurrent builds
 * cannot reach each other; Docker's isolation keeps them off app networks; and the bridge
 * device has the network's own name, so the host firewall (bin/slipway-build-firewall) can drop
 * what builds send to the host itself.
 */
export async function ensureBuildNetwork(settings: Settings): Promise<string> {
  const name = settings.builders.network;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}$/.test(name)) {
    throw new SlipwayError("settings", `builders.network "${name}" cannot name a bridge device`, {
      hint: "use up to 15 letters, digits, '.', '_' or '-' (default slipway-build)",
    });
  }
  const engine = await docker();
  const [found] = await Promise.all([
    engine
      .getNetwork(name)
      .inspect()
      .catch(() => undefined),
    ensureBuildFirewall(settings, name),
  ]);
  if (!found) {
    const Options = { [BRIDGE_NAME]: name, [ICC]: "false" };
    // Not labelled like apps: it outlives every app, and a test's cleanup must not take it from a build.
    const Labels = { "slipway.network": "build" };
    const spec = { Name: name, Driver: "bridge", Options, Labels, CheckDuplicate: true };
    await engine.createNetwork(spec).catch((err) => {
      if ((err as { statusCode?: number }).statusCode !== 409) throw err; // a parallel build made it
    });
  } else if (found.Options?.[BRIDGE_NAME] !== name || found.Options?.[ICC] !== "false") {
    const what = `the Docker network ${name} lets builds reach each other or the host`;
    throw new SlipwayError("build-network", what, {
      hint: `remove it (docker network rm ${name}); the next build makes it again, bridge ${name}, icc off`,
    });
  }
  return name;
}

/** Named volumes are per deployment and labelled, so only `apps:destroy --volumes` finds them to remove. */
export async function ensureVolumes(settings: Settings, app: string, volumes: string[]): Promise<void> {
  const engine = await docker();
  for (const v of volumes) {
    await engine.createVolume({
      Name: volumeName(settings.namePrefix, app, v),
      Labels: { ...appLabels(settings, app), "slipway.volume": v },
    });
  }
}

export async function removeNetwork(settings: Settings, app: string): Promise<void> {
  const engine = await docker();
  for (const n of await engine.listNetworks({ filters: { label: appLabelFilter(settings, app) } })) {
    await engine
      .getNetwork(n.Id)
      .remove()
      .catch(() => undefined);
  }
}

/** Build caches always go with the app; data volumes only when asked (`apps:destroy --volumes`). */
export async function removeVolumes(settings: Settings, app: string, opts: { data: boolean }): Promise<void> {
  const engine = await docker();
  const { Volumes } = await engine.listVolumes({ filters: { label: appLabelFilter(settings, app) } });
  for (const v of Volumes ?? []) {
    if (opts.data || v.Labels?.["slipway.volume"] === "buildpack-cache")
      await engine.getVolume(v.Name).remove();
  }
}
