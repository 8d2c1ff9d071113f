import fs from "node:fs";
import { repoPath } from "../state/paths.js";
import { removeVhost } from "../proxy/install-vhost.js";
import { authFile } from "../proxy/plan-vhost.js";
import { removeAppState } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { docker } from "../engine/docker.js";
import { appLabelFilter, listAppContainers } from "../engine/containers.js";
import { removeSupervisedContainer } from "../engine/supervisors/supervise.js";
import { removeImage } from "../engine/images.js";
import { removeNetwork, removeOverlay, removeVolumes } from "../engine/network.js";
import { say } from "../output.js";
import { readClusterState } from "../state/cluster-state.js";
import { deleteRegistryImages } from "../engine/swarm/delete-registry-images.js";
import { registryRepo } from "../engine/swarm/push-image.js";
import { appSwarmServices, removeSwarmService } from "../engine/swarm/swarm-services.js";

/** Take the app off nginx first, so no request reaches a container that is going away. */
export async function destroyApp(settings: Settings, app: string, opts: { volumes: boolean }): Promise<void> {
  await removeVhost(settings, app);
  fs.rmSync(authFile(settings, app), { force: true });
  await removeFromSwarm(settings, app);
  const containers = await listAppContainers(settings, app);
  await Promise.all(containers.map((c) => removeSupervisedContainer(settings, c.Id, 5)));
  const engine = await docker();
  const images = await engine.listImages({ filters: { label: appLabelFilter(settings, app) } });
  for (const img of images) for (const ref of img.RepoTags ?? [img.Id]) await removeImage(ref);
  await removeNetwork(settings, app);
  await removeVolumes(settings, app, { data: opts.volumes });
  fs.rmSync(repoPath(settings, app), { recursive: true, force: true });
  removeAppState(app);
}

/** The app's Swarm services, then its images in the cluster registry (blobs wait for garbage-collect). */
async function removeFromSwarm(settings: Settings, app: string): Promise<void> {
  const cluster = readClusterState();
  if (!cluster) return;
  for (const s of await appSwarmServices(settings.labels, app)) await removeSwarmService(s.ID);
  // Tasks here would take their stop grace period to leave the overlay; the app is going anyway.
  const engine = await docker();
  const tasks = await engine.listContainers({ all: true, filters: { label: appLabelFilter(settings, app) } });
  await Promise.all(
    tasks.map((c) =>
      engine
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  await removeOverlay(settings, app);
  const repo = registryRepo(cluster.registry.address, settings.namePrefix, app);
  await deleteRegistryImages(cluster, repo.slice(cluster.registry.address.length + 1)).catch((err) =>
    say.warn(`could not delete ${app}'s images from the cluster registry: ${err}`),
  );
}
