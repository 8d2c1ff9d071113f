import net from "node:net";
import type Docker from "dockerode";
import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { demuxLogs } from "./log-frames.js";

/**
 * Label filter for an app's containers and images. The installation's own labels are part of it,
 * so two Slipways sharing an engine (the test suite's servers) never touch each other's apps.
 */
export function appLabelFilter(settings: Settings, app: string): string[] {
  return [`slipway.app=${app}`, ...Object.entries(settings.labels).map(([k, v]) => `${k}=${v}`)];
}

/**
 * Every container Slipway made for an app, running or not. Swarm's task containers carry the app's
 * labels too, but belong to their service: Slipway never stops or removes one by itself.
 */
export async function listAppContainers(settings: Settings, app: string): Promise<Docker.ContainerInfo[]> {
  const engine = await docker();
  const all = await engine.listContainers({ all: true, filters: { label: appLabelFilter(settings, app) } });
  return all.filter((c) => !c.Labels?.["com.docker.swarm.task.id"]);
}

/** Host ports that any container publishes, so a new one never collides. */
export async function publishedPorts(): Promise<Set<number>> {
  const engine = await docker();
  const all = await engine.listContainers({ all: true });
  return new Set(all.flatMap((c) => c.Ports.map((p) => p.PublicPort).filter((p): p is number => !!p)));
}

/** True when nothing on this host listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function removeContainer(id: string, stopSeconds = 10): Promise<void> {
  const engine = await docker();
  const c = engine.getContainer(id);
  try {
    await c.stop({ t: stopSeconds });
  } catch {
    // already stopped or gone
  }
  try {
    await c.remove({ force: true, v: true });
  } catch (err) {
    // 404: already gone; 409: another process (a background retire) is removing it right now.
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) throw err;
  }
}

/** Running, and never restarted: a restart policy would otherwise hide a crash by starting the process again. */
export async function containerIsAlive(id: string): Promise<boolean> {
  try {
    const info = await (await docker()).getContainer(id).inspect();
    return info.State.Running && !info.State.Restarting && info.RestartCount === 0;
  } catch {
    return false; // removed under us
  }
}

/** When the container's process last started, in ms since the epoch; 0 if it is gone. */
export async function containerStartedAt(id: string): Promise<number> {
  const info = await (
    await docker()
  )
    .getContainer(id)
    .inspect()
    .catch(() => undefined);
  return info ? Date.parse(info.State.StartedAt) : 0;
}

export async function lastLogLines(id: string, lines: number): Promise<string> {
  const engine = await docker();
  try {
    const buf = (await engine
      .getContainer(id)
      .logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxLogs(buf);
  } catch {
    return "";
  }
}
