import fs from "node:fs";
import { SlipwayError } from "../../errors.js";
import { say } from "../../output.js";
import { readClusterState } from "../../state/cluster-state.js";
import { paths } from "../../state/paths.js";
import { docker } from "../docker.js";
import { swarmSnapshot } from "./list-nodes.js";
import { hostname } from "./node-rows.js";
import { stopRegistry } from "./registry-process.js";
import { untrustRegistryCa } from "./registry-trust.js";
import { engineMessage, swarmInfo } from "./swarm-manager.js";

/**
 * Back to one server: refuse while swarm services or other nodes remain (unless forced), then stop
 * the registry, drop the CA trust and the cluster directory, and leave the swarm.
 */
export async function leaveCluster(force: boolean): Promise<void> {
  const swarm = await swarmInfo();
  if (swarm.state === "active" && !force) await refuseWhileInUse(swarm.nodeId);
  const cluster = readClusterState();
  await stopRegistry();
  if (cluster) untrustRegistryCa(cluster.registry.address);
  fs.rmSync(paths.clusterDir(), { recursive: true, force: true });
  if (swarm.state !== "inactive")
    await (await docker()).swarmLeave({ force: true }).catch((err: Error) => {
      throw new SlipwayError("swarm-leave", `docker swarm leave failed: ${engineMessage(err)}`, {
        hint: "run 'docker swarm leave --force' by hand",
      });
    });
  say.step("This server is on its own again: no swarm, no registry");
}

async function refuseWhileInUse(self: string): Promise<void> {
  const { nodes, services } = await swarmSnapshot();
  if (services.length)
    throw new SlipwayError(
      "cluster-in-use",
      `${services.length} swarm service(s) still run: ${names(services)}`,
      {
        hint: "move each app back with 'slipway scheduler:set APP docker', then run cluster:leave again",
      },
    );
  const workers = nodes.filter((n) => n.ID !== self);
  if (workers.length)
    throw new SlipwayError(
      "cluster-in-use",
      `the cluster still has nodes: ${workers.map(hostname).join(", ")}`,
      {
        hint: "run 'slipway cluster:remove NODE' for each (or cluster:leave --force to abandon them)",
      },
    );
}

const names = (services: { Spec: { Name: string } }[]) => services.map((s) => s.Spec.Name).join(", ");
