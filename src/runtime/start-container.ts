import { SlipwayError } from "../errors.js";
import { docker } from "./docker.js";
import { planWebContainer, pickHostPort, type WebContainerPlan } from "./container-spec.js";
import { portIsFree, publishedPorts, removeContainer } from "./containers.js";

export interface StartedContainer {
  id: string;
  name: string;
  hostPort: number;
}

/** Start the web container on a free host port; a port taken between our pick and the start gets another try. */
export async function startWebContainer(plan: Omit<WebContainerPlan, "hostPort">, range: [number, number], reserved: Set<number>): Promise<StartedContainer> {
  const engine = await docker();
  const used = new Set([...reserved, ...(await publishedPorts())]);
  for (let attempt = 0; attempt < 5; attempt++) {
    const hostPort = pickHostPort(range, used);
    if (hostPort === undefined) break;
    used.add(hostPort);
    if (!(await portIsFree(hostPort))) continue;
    const spec = planWebContainer({ ...plan, hostPort });
    await removeStaleByName(spec.name!);
    const container = await engine.createContainer(spec);
    try {
      await container.start();
      return { id: container.id, name: spec.name!, hostPort };
    } catch (err) {
      await removeContainer(container.id, 0);
      if (!/port is already allocated|address already in use/i.test(String(err))) throw err;
    }
  }
  throw new SlipwayError("no-port", `no free host port in ${range[0]}-${range[1]}`, {
    hint: "widen portRange in the settings file, or remove unused containers",
  });
}

/** A leftover container of the same name (from an interrupted attempt) would block create. */
async function removeStaleByName(name: string): Promise<void> {
  const engine = await docker();
  const [stale] = await engine.listContainers({ all: true, filters: { name: [`^/${name}$`] } });
  if (stale) await removeContainer(stale.Id, 0);
}
