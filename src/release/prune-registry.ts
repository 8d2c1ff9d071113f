import { say } from "../output.js";
import { listReleases } from "../state/app-state.js";
import { readClusterState } from "../state/cluster-state.js";
import type { Settings } from "../state/settings.js";
import { keptImages } from "../engine/plan-image-prune.js";
import { deleteRegistryImages } from "../engine/swarm/delete-registry-images.js";
import { registryRepo } from "../engine/swarm/push-image.js";

/** Retention in the cluster registry too: digests of the releases kept for rollback stay, the rest go. */
export async function pruneRegistry(settings: Settings, app: string): Promise<void> {
  const cluster = readClusterState();
  if (!cluster) return;
  const onSwarm = listReleases(app)
    .map((r) => ({
      images: Object.fromEntries(
        Object.entries(r.services).flatMap(([n, s]) => (s.swarm ? [[n, s.swarm.image]] : [])),
      ),
    }))
    .filter((r) => Object.keys(r.images).length);
  const keep = new Set([...keptImages(onSwarm, settings.keepReleases)].map((ref) => ref.split("@")[1]));
  const repo = registryRepo(cluster.registry.address, settings.namePrefix, app);
  await deleteRegistryImages(cluster, repo.slice(cluster.registry.address.length + 1), keep).catch((err) =>
    say.warn(`could not prune ${app}'s old images in the cluster registry: ${err}`),
  );
}
