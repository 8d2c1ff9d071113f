import type { ServiceState } from "../state/app-state.js";
import type { ServiceSpec } from "./plan-services.js";
import { stepText } from "../step-lines.js";

export interface Change {
  service: string;
  /** `scale` keeps the running containers and only adds or removes instances. */
  action: "keep" | "start" | "scale" | "remove";
  /** Shown in the plan line: rebuilt, restarted (env changed), unchanged, ... */
  reason: string;
}

/**
 * Compare wanted specs with what runs. A service whose spec hash and container count still match,
 * with all its containers alive, keeps running untouched: a push must not restart postgres.
 */
export function diffServices(
  specs: ServiceSpec[],
  current: Record<string, ServiceState>,
  alive: ReadonlySet<string>,
  forced: ReadonlySet<string> = new Set(),
): Change[] {
  const changes: Change[] = specs.map((spec) => {
    const now = current[spec.name];
    if (!now) return { service: spec.name, action: "start", reason: "added" };
    const reason = whyChanged(spec, now, alive, forced.has(spec.name));
    if (reason) return { service: spec.name, action: "start", reason };
    const scaled = now.containers.length !== spec.count;
    return {
      service: spec.name,
      action: scaled ? "scale" : "keep",
      reason: scaled ? `scaled to ${spec.count}` : "unchanged",
    };
  });
  const wanted = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(current))
    if (!wanted.has(name)) changes.push({ service: name, action: "remove", reason: "removed" });
  return changes;
}

function whyChanged(
  spec: ServiceSpec,
  now: ServiceState,
  alive: ReadonlySet<string>,
  forced: boolean,
): string | undefined {
  if (now.imageId !== spec.imageId) return spec.built ? "rebuilt" : "new image";
  if (now.envHash !== spec.envHash) return "restarted (env changed)";
  if (now.specHash !== spec.specHash) return "restarted (settings changed)";
  if (forced) return "restarted";
  if (now.containers.some((c) => !alive.has(c.id))) return "restarted (was not running)";
  return undefined;
}

/** `Plan: web rebuilt · worker restarted (env changed) · postgres unchanged` */
export function formatPlan(changes: Change[]): string {
  return stepText.plan(changes.map((c) => `${c.service} ${c.reason}`).join(" · "));
}
