import type { ContainerRef, ServiceState } from "../state/app-state.js";
import type { Change } from "../engine/diff-services.js";
import type { ServiceSpec } from "../engine/plan-services.js";
import { planScale } from "../engine/plan-scale.js";

/**
 * One step of a release, in the order the executor runs them: stop what can't run twice, start the
 * new containers beside the old, gate them, hand them to the supervisor, switch the route, retire the old.
 */
export type Step =
  | { kind: "stop"; service: string; containers: ContainerRef[] }
  | { kind: "start"; spec: ServiceSpec }
  /** Only the count changed: the running instances stay, the missing numbers start. */
  | { kind: "scale"; spec: ServiceSpec; keep: ContainerRef[]; add: number[] }
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
    const action = changes.find((c) => c.service === spec.name)?.action;
    if (old && action === "keep") continue;
    if (old && action === "scale") {
      const { keep, add } = planScale(old.containers, spec.count);
      steps.push(
        { kind: "scale", spec, keep: keep.map(({ index, ...c }) => (void index, c)), add },
        { kind: "gate", service: spec.name },
      );
      continue;
    }
    // A service with volumes or public ports can't run twice: its old containers stop first.
    if (spec.strategy === "replace" && old)
      steps.push({ kind: "stop", service: spec.name, containers: old.containers });
    steps.push({ kind: "start", spec }, { kind: "gate", service: spec.name });
  }
  steps.push({ kind: "supervise" }, { kind: "switch" });
  // Old containers no longer in the release (replaced, scaled away, removed) retire; scaled-kept ones stay.
  const staying = new Set(steps.flatMap((s) => (s.kind === "scale" ? s.keep.map((c) => c.id) : [])));
  const replaced = changes
    .filter((c) => c.action !== "keep")
    .flatMap((c) => current[c.service]?.containers ?? []);
  const retired = replaced.map((c) => c.id).filter((id) => !staying.has(id));
  if (retired.length) steps.push({ kind: "retire", containers: retired });
  return steps;
}
