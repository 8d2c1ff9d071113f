import type { ContainerCreateOptions } from "dockerode";
import { SlipwayError } from "../errors.js";
import { docker } from "./docker.js";
import { pickHostPort } from "./container-spec.js";
import { portIsFree, publishedPorts, removeContainer } from "./containers.js";

export interface StartedContainer {
  id: string;
  name: string;
  hostPort?: number;
}

/**
 * Create and start a container. With `range`, it gets a free 127.0.0.1 host port from it; a port
 * taken between our pick and the start gets another try.
 */
export async function startContainer(
  options: (hostPort?: number) => ContainerCreateOptions,
  range: [number, number] | undefined,
  reserved: Set<number>,
): Promise<StartedContainer> {
  if (!range) return createAndStart(options(undefined));
  const used = new Set([...reserved, ...(await publishedPorts())]);
  for (let attempt = 0; attempt < 5; attempt++) {
    const hostPort = pickHostPort(range, used);
    if (hostPort === undefined) break;
    used.add(hostPort);
    if (!(await portIsFree(hostPort))) continue;
    try {
      return { ...(await createAndStart(options(hostPort))), hostPort };
    } catch (err) {
      if (!/port is already allocated|address already in use/i.test(String(err))) throw err;
    }
  }
  throw new SlipwayError("no-port", `no free host port in ${range[0]}-${range[1]}`, {
    hint: "widen portRange in the settings file, or remove unused containers",
  });
}

async function createAndStart(spec: ContainerCreateOptions): Promise<StartedContainer> {
  const engine = await docker();
  await removeStaleByName(spec.name!);
  const container = await engine.createContainer(spec);
  try {
    await container.start();
  } catch (err) {
    await removeContainer(container.id, 0);
    throw publishError(err);
  }
  return { id: container.id, name: spec.name! };
}

function publishError(err: unknown): unknown {
  const m = /0\.0\.0\.0:(\d+).*(port is already allocated|address already in use)/i.exec(String(err));
  if (!m) return err;
  return new SlipwayError("port-taken", `public port ${m[1]} is already in use on this host`, {
    hint: "free the port, or change `publish` in slipway.yml",
    cause: err,
  });
}

/** A leftover container of the same name (from an interrupted attempt) would block create. */
async function removeStaleByName(name: string): Promise<void> {
  const engine = await docker();
  const [stale] = await engine.listContainers({ all: true, filters: { name: [`^/${name}$`] } });
  if (stale) await removeContainer(stale.Id, 0);
}
