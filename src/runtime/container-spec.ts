import type { ContainerCreateOptions } from "dockerode";

export interface WebContainerPlan {
  namePrefix: string;
  app: string;
  release: number;
  image: string;
  sha: string;
  /** Port the process listens on inside the container; also given to it as PORT. */
  port: number;
  /** Fixed 127.0.0.1 port, so the route stays right when the engine restarts the container. */
  hostPort: number;
  labels: Record<string, string>;
  /** "no" when systemd or upstart supervises the container; Docker's policy otherwise. */
  restart?: "unless-stopped" | "no";
}

export const DEFAULT_PORT = 5000;

/** The engine's create request for an app's web process; pure, so tests can read it exactly. */
export function planWebContainer(p: WebContainerPlan): ContainerCreateOptions {
  const portKey = `${p.port}/tcp`;
  return {
    name: `${p.namePrefix}-${p.app}-web-${p.release}`,
    Image: p.image,
    Env: [`PORT=${p.port}`, `SLIPWAY_APP=${p.app}`, `SLIPWAY_RELEASE=${p.release}`, `GIT_REV=${p.sha}`],
    ExposedPorts: { [portKey]: {} },
    Labels: {
      ...p.labels,
      "slipway.app": p.app,
      "slipway.release": String(p.release),
      "slipway.process": "web",
    },
    HostConfig: {
      PortBindings: { [portKey]: [{ HostIp: "127.0.0.1", HostPort: String(p.hostPort) }] },
      RestartPolicy: { Name: p.restart ?? "unless-stopped" },
      // Small servers fill their disks with logs otherwise.
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } },
    },
  };
}

/** The port a Dockerfile EXPOSEs (the lowest TCP one), or 5000 when it exposes none. */
export function exposedPort(exposed: Record<string, unknown> | undefined | null): number {
  const ports = Object.keys(exposed ?? {})
    .filter((k) => k.endsWith("/tcp"))
    .map((k) => Number(k.split("/")[0]))
    .filter((n) => Number.isInteger(n) && n > 0);
  return ports.length ? Math.min(...ports) : DEFAULT_PORT;
}

/** Pick a host port from the range that is not in use, starting at a random offset. */
export function pickHostPort(range: [number, number], used: ReadonlySet<number>, random = Math.random): number | undefined {
  const [lo, hi] = range;
  const size = hi - lo + 1;
  const start = Math.floor(random() * size);
  for (let i = 0; i < size; i++) {
    const port = lo + ((start + i) % size);
    if (!used.has(port)) return port;
  }
  return undefined;
}
