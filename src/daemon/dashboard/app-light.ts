import type { AppRecord } from "../../state/app-state.js";
import type { PushRecord } from "../../state/push-output.js";

export type Light = "green" | "amber" | "red";

/** A service's containers: how many the live release runs and how many of them the engine says are up. */
export interface ServiceCount {
  name: string;
  running: number;
  wanted: number;
}

export interface AppLight {
  light: Light;
  why: string;
  services: ServiceCount[];
}

/** Count, per service of the live release, the containers the engine reports running. */
export function countServices(app: AppRecord, runningIds: Set<string>): ServiceCount[] {
  return Object.entries(app.current?.services ?? {}).map(([name, s]) => ({
    name,
    wanted: s.containers.length,
    running: s.containers.filter((c) => runningIds.has(c.id)).length,
  }));
}

/** Green, amber or red with the reason a person needs first; pure, so every case is unit-tested. */
export function appLight(app: AppRecord, runningIds: Set<string>, lastPush?: PushRecord): AppLight {
  const services = countServices(app, runningIds);
  const light = (l: Light, why: string) => ({ light: l, why, services });
  const live = app.current?.number;
  if (live === undefined)
    return lastPush && !lastPush.ok
      ? light("red", `first push failed (release ${lastPush.release})`)
      : light("amber", "nothing deployed yet");
  if (app.stopped) return light("amber", "stopped with ps:stop");
  const wanted = services.reduce((n, s) => n + s.wanted, 0);
  const running = services.reduce((n, s) => n + s.running, 0);
  if (wanted > 0 && running === 0) return light("red", "no container is running");
  const short = services.filter((s) => s.running < s.wanted);
  if (short.length)
    return light("amber", short.map((s) => `${s.name}: ${s.running} of ${s.wanted} running`).join("; "));
  if (lastPush && !lastPush.ok && lastPush.release > live)
    return light("amber", `push of release ${lastPush.release} failed; release ${live} still serves`);
  return light("green", running === 1 ? "its container is running" : `all ${running} containers running`);
}
