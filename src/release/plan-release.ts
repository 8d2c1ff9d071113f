import type { ContainerRef, ServiceState } from "../state/app-state.js";
import type { Change } from "../engine/diff-services.js";
import type { ServiceSpec } from "../engine/plan-services.js";

/**
 * One step of a release, in the order the executor runs them: stop what can't run twice, start the
 * new containers beside the old, gate them, hand them to the supervisor, switch the route, retire the old.
 */
export type Step =
  | { kind: "stop"; service: string; containers: ContainerRef[] }
  | { kind: "start"; spec: ServiceSpec }
  | { kind: "gate"; service: string }
  | { kind: "supervise" }
  | { kind: "switch" }
  | { kind: "retire"; containers: string[] };

/** What a release is planned from: the new specs, how they differ from what runs, and what runs. */
export interface ReleaseSnapshot {
  specs: ServiceSpec[];
  changes: Change[];
  current: Record<string, ServiceState>;
}

/** The steps of a release; pure, so the order a push follows is tested without Docker. */
export function planRelease({ specs, changes, current }: ReleaseSnapshot): Step[] {
  const steps: Step[] = [];
  for (const spec of specs) {
    const old = current[spec.name];
    if (old && changes.find((c) => c.service === spec.name)?.action === "keep") continue;
    // A service with volumes or public ports can't run twice: its old containers stop first.
    if (spec.strategy === "replace" && old) steps.push({ kind: "stop", service: spec.name, containers: old.containers });
    steps.push({ kind: "start", spec }, { kind: "gate", service: spec.name });
  }
  steps.push({ kind: "supervise" }, { kind: "switch" });
  const replaced = changes.filter((c) => c.action !== "keep").flatMap((c) => current[c.service]?.containers ?? []);
  if (replaced.length) steps.push({ kind: "retire", containers: replaced.map((c) => c.id) });
  return steps;
}
