import type { ContainerCreateOptions } from "dockerode";
import type { ServiceSpec } from "./plan-services.js";
import { serviceHostConfig } from "./service-host-config.js";

export interface InstancePlan {
  namePrefix: string;
  labels: Record<string, string>;
  app: string;
  release: number;
  index: number;
  network: string;
  /** 127.0.0.1 port bound to the service's first port, for nginx. */
  hostPort?: number;
  /** "no" when systemd or upstart supervises the container; Docker's own policy otherwise. */
  restart?: "unless-stopped" | "no";
}

/** Docker network of one deployment: its services see each other by name and nothing else. */
export function networkName(namePrefix: string, app: string): string {
  return `${namePrefix}-${app}`;
}

/** The deployment's attachable overlay on the cluster, for its Swarm services and its one-offs. */
export function overlayName(namePrefix: string, app: string): string {
  return `${networkName(namePrefix, app)}-swarm`;
}

/** The engine's create request for one container of a service; pure, so tests can read it exactly. */
export function serviceContainerOptions(spec: ServiceSpec, p: InstancePlan): ContainerCreateOptions {
  const first = `${spec.routePort}/tcp`;
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  if (p.hostPort) bindings[first] = [{ HostIp: "127.0.0.1", HostPort: String(p.hostPort) }];
  for (const [host, port] of Object.entries(spec.publish))
    (bindings[`${port}/tcp`] ??= []).push({ HostIp: "0.0.0.0", HostPort: host });
  return {
    name: `${p.namePrefix}-${p.app}.${spec.name}.${p.release}.${p.index}`,
    Image: spec.imageId,
    Cmd: spec.cmd,
    Env: spec.env,
    ExposedPorts: Object.fromEntries(spec.ports.map((port) => [`${port.port}/tcp`, {}])),
    Labels: {
      ...p.labels,
      "slipway.app": p.app,
      "slipway.service": spec.name,
      "slipway.release": String(p.release),
      "slipway.spec": spec.specHash,
    },
    HostConfig: {
      ...serviceHostConfig(spec, p.namePrefix, p.app),
      PortBindings: bindings,
      RestartPolicy: { Name: p.restart ?? "unless-stopped" },
    },
    NetworkingConfig: { EndpointsConfig: { [p.network]: { Aliases: [spec.name] } } },
  };
}
