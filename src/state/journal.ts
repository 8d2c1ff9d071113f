import fs from "node:fs";
import { faultPoint } from "../system/fault-injection.js";
import type { RouteTarget } from "./app-state.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

export const DEPLOY_PHASES = ["building", "starting", "health-gating", "switching", "draining"] as const;
export type DeployPhase = (typeof DEPLOY_PHASES)[number];

/** One container of a service instance, as a release step started or stopped it. */
export interface StepContainer {
  service: string;
  /** 1-based instance number within the service. */
  index: number;
  id: string;
  name: string;
}

/**
 * A release step that has happened and can be undone: a container started, an old one stopped for its
 * replacement (volumes, public ports), or the route switched away from `previous`.
 */
export type DoneStep =
  | ({ kind: "started" } & StepContainer)
  | ({ kind: "stopped" } & StepContainer)
  | { kind: "routed"; previous?: RouteTarget };

/** What a deploy in progress has done, so a later run can undo it if the deploy died. */
export interface DeployJournal {
  app: string;
  release: number;
  phase: DeployPhase;
  pid: number;
  startedAt: string;
  /** Image tags this deploy built; recovery removes them unless the release went live. */
  images: string[];
  /** The steps done so far, in order; undoing them (last first) leaves the app as it was. */
  done: DoneStep[];
  /** Where nginx routed before this deploy; undefined on the app's first deploy. */
  previousRoutes?: RouteTarget;
}

/** A deploy's journal: written atomically at every phase and step, removed when the deploy ends. */
export interface JournalWriter {
  enter(phase: DeployPhase, built?: { images: string[] }): void;
  did(step: DoneStep): void;
  /** The steps done so far, for the same undo a crash recovery runs. */
  readonly done: readonly DoneStep[];
}

export function openJournal(
  app: string,
  release: number,
  previousRoutes: RouteTarget | undefined,
): JournalWriter {
  const j: DeployJournal = {
    app,
    release,
    phase: "building",
    pid: process.pid,
    startedAt: new Date().toISOString(),
    images: [],
    done: [],
    previousRoutes,
  };
  const save = () => writeJsonAtomic(paths.journal(app), j);
  return {
    done: j.done,
    did(step) {
      j.done.push(step);
      save();
    },
    enter(phase, built) {
      j.phase = phase;
      j.images.push(...(built?.images ?? []));
      save();
      faultPoint(phase); // after the write, so a kill here leaves exactly what recovery must handle
    },
  };
}

export function readJournal(app: string): DeployJournal | undefined {
  return readJson<DeployJournal>(paths.journal(app));
}

export function clearJournal(app: string): void {
  fs.rmSync(paths.journal(app), { force: true });
}
