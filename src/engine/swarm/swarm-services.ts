import { docker } from "../docker.js";
import type { RegistryAuth } from "../cluster/registry-auth.js";
import type { NodeView, TaskView } from "./plan-upstreams.js";

/** Create one release of a service; the registry auth goes along so every node can pull the image. */
export async function createSwarmService(spec: Record<string, unknown>, auth: RegistryAuth): Promise<string> {
  const engine = await docker();
  const created = (await engine.createService(auth, spec as never)) as { id?: string; ID?: string };
  return (created.id ?? created.ID)!;
}

/** Every task of a service (all states), newest first as the engine returns them. */
export async function serviceTasks(service: string): Promise<TaskView[]> {
  const engine = await docker();
  return (await engine.listTasks({ filters: { service: [service] } })) as TaskView[];
}

export async function swarmNodes(): Promise<NodeView[]> {
  return (await (await docker()).listNodes()) as NodeView[];
}

/** This engine's own node id: where a stateful service's volume is made on its first deploy. */
export async function ownNodeId(): Promise<string | undefined> {
  const info = (await (await docker()).info()) as { Swarm?: { NodeID?: string } };
  return info.Swarm?.NodeID || undefined;
}

/** True when this engine is a Swarm manager (cluster:init ran and the swarm is still up). */
export async function isSwarmManager(): Promise<boolean> {
  const info = (await (await docker()).info()) as { Swarm?: { ControlAvailable?: boolean } };
  return !!info.Swarm?.ControlAvailable;
}

/** The app's Swarm services, every release; labelled like its containers. */
export async function appSwarmServices(
  labels: Record<string, string>,
  app: string,
): Promise<{ ID: string; Spec?: { Name?: string; Labels?: Record<string, string> } }[]> {
  const label = [...Object.entries(labels).map(([k, v]) => `${k}=${v}`), `slipway.app=${app}`];
  return (await (await docker()).listServices({ filters: { label } })) as never;
}

/** Gone already counts as removed: a retire and a destroy may race. */
export async function removeSwarmService(id: string): Promise<void> {
  await (
    await docker()
  )
    .getService(id)
    .remove()
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
}
