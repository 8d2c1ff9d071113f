import type { ServiceSpec } from "../plan-services.js";
import { volumeName } from "../service-host-config.js";

/** What one release of one service needs beside its spec to become a Swarm service. */
export interface SwarmServicePlan {
  namePrefix: string;
  labels: Record<string, string>;
  app: string;
  release: number;
  /** The deployment's overlay network; the service is reachable there by its own name. */
  network: string;
  /** The image by digest (registry/repo@sha256:...), so every node runs the same bytes. */
  image: string;
  /** Gets a host-mode port on its node for nginx (the routed service, and those domains name). */
  routable: boolean;
  /** Node id a service with volumes is pinned to: its data lives there. */
  pinnedNode?: string;
}

/** Swarm only takes DNS labels as service names; app and service names are both lowercase labels. */
export function swarmServiceName(namePrefix: string, app: string, service: string, release: number): string {
  return `${namePrefix}-${app}--${service}-r${release}`;
}

/**
 * The engine's create request for one release of a service; pure, so tests read it exactly.
 * Each release is its own service (started beside the old one, gated, switched to, then removed),
 * which is how single-host releases work too and keeps rollback a plain release.
 */
export function swarmServiceSpec(spec: ServiceSpec, p: SwarmServicePlan): Record<string, unknown> {
  const labels = {
    ...p.labels,
    "slipway.app": p.app,
    "slipway.service": spec.name,
    "slipway.release": String(p.release),
    "slipway.spec": spec.specHash,
  };
  return {
    Name: swarmServiceName(p.namePrefix, p.app, spec.name, p.release),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: containerSpec(spec, p, labels),
      Resources: resources(spec),
      RestartPolicy: { Condition: "any", Delay: 1e9 },
      Placement: placement(p.pinnedNode),
      Networks: [{ Target: p.network, Aliases: [spec.name] }],
      LogDriver: { Name: "json-file", Options: { "max-size": "10m", "max-file": "3" } },
    },
    Mode: { Replicated: { Replicas: spec.count } },
    UpdateConfig: { Parallelism: 1, Order: spec.strategy === "replace" ? "stop-first" : "start-first" },
    // No IPVS on many small kernels: DNS hands out task addresses instead of a virtual IP.
    EndpointSpec: { Mode: "dnsrr", Ports: ports(spec, p.routable) },
  };
}

function containerSpec(spec: ServiceSpec, p: SwarmServicePlan, labels: Record<string, string>) {
  return {
    Image: p.image,
    Args: spec.cmd,
    Env: spec.env,
    Labels: labels,
    Mounts: Object.entries(spec.volumes).map(([vol, dir]) => ({
      Type: "volume",
      Source: volumeName(p.namePrefix, p.app, vol),
      Target: dir,
      VolumeOptions: { Labels: { ...p.labels, "slipway.app": p.app, "slipway.volume": vol } },
    })),
    StopGracePeriod: 10e9,
  };
}

/** Pinned services run on their volume's node; the others spread evenly over nodes. */
export function placement(pinnedNode?: string): Record<string, unknown> {
  if (pinnedNode) return { Constraints: [`node.id==${pinnedNode}`] };
  return { Preferences: [{ Spread: { SpreadDescriptor: "node.id" } }] };
}

function resources(spec: ServiceSpec): Record<string, unknown> {
  const limits: Record<string, number> = {};
  if (spec.memoryBytes) limits.MemoryBytes = spec.memoryBytes;
  if (spec.cpu) limits.NanoCPUs = Math.round(spec.cpu * 1e9);
  if (spec.pids) limits.Pids = spec.pids;
  return { Limits: limits };
}

/**
 * The route port is published in host mode on a port the node picks (several tasks of one service
 * may share a node), so nginx reaches each task at NODE:PORT; public ports keep their number.
 */
function ports(spec: ServiceSpec, routable: boolean): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (routable) out.push({ Protocol: "tcp", TargetPort: spec.routePort, PublishMode: "host" });
  for (const [host, port] of Object.entries(spec.publish))
    out.push({ Protocol: "tcp", TargetPort: port, PublishedPort: Number(host), PublishMode: "host" });
  return out;
}
