import fs from "node:fs";
import { faultPoint } from "../system/fault-injection.js";
import type { RouteTarget } from "./app-state.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

export const DEPLOY_PHASES = ["building", "starting", "health-gating", "switching", "draining"] as const;
export type DeployPhase = (typeof DEPLOY_PHASES)[number];

/** What a deploy in progress has made and replaced, so a later run can undo it if the deploy died. */
export interface DeployJournal {
  app: string;
  release: number;
  phase: DeployPhase;
  pid: number;
  startedAt: string;
  /** Image tags and container ids this deploy created; recovery removes them unless the release went live. */
  images: string[];
  containers: string[];
  /** Old containers stopped so their replacement could start (volumes, public ports); recovery starts them again. */
  stopped?: string[];
  /** Where nginx routed before this deploy; undefined on the app's first deploy. */
  previousRoutes?: RouteTarget;
}

/** A deploy's journal: written atomically at every phase and creation, removed when the deploy ends. */
type Made = { images?: string[]; containers?: string[]; stopped?: string[] };

export interface JournalWriter {
  enter(phase: DeployPhase, created?: Made): void;
  created(what: Made): void;
}

export function openJournal(app: string, release: number, previousRoutes: RouteTarget | undefined): JournalWriter {
  const j: DeployJournal = { app, release, phase: "building", pid: process.pid, startedAt: new Date().toISOString(), images: [], containers: [], stopped: [], previousRoutes };
  const created = (what: Made) => {
    j.images.push(...(what.images ?? []));
    j.containers.push(...(what.containers ?? []));
    j.stopped!.push(...(what.stopped ?? []));
    writeJsonAtomic(paths.journal(app), j);
  };
  return {
    created,
    enter(phase, what = {}) {
      j.phase = phase;
      created(what);
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
