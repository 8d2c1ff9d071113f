import fs from "node:fs";
import { stateRoot } from "../../state/paths.js";
import type { AlertSettings } from "../../state/settings-parts.js";
import type { Observation } from "./plan-alerts.js";
import { alertOf } from "./alert-of.js";

const DOCKER_DATA_ROOT = "/var/lib/docker";

/** Percent used as df counts it: what root's reserve keeps from users counts as used. */
export function usedPercent(s: { blocks: number; bfree: number; bavail: number }): number {
  const used = s.blocks - s.bfree;
  const total = used + s.bavail;
  return total ? Math.round((used / total) * 1000) / 10 : 0;
}

/** One observation per watched filesystem (a path that does not exist is left out). */
export function checkDisk(opts: AlertSettings): Observation[] {
  const watched = opts.diskPaths.length ? opts.diskPaths : [DOCKER_DATA_ROOT, stateRoot()];
  const seen = new Set<number>();
  return watched.flatMap((p) => {
    let dev: number;
    let stats: fs.StatsFs;
    try {
      dev = fs.statSync(p).dev;
      stats = fs.statfsSync(p);
    } catch {
      return [];
    }
    if (seen.has(dev)) return []; // the state dir on Docker's filesystem: one alert, not two
    seen.add(dev);
    const percent = usedPercent(stats);
    const freeMb = Math.round((stats.bavail * stats.bsize) / 2 ** 20);
    const holds = percent > opts.diskPercent;
    const message = holds
      ? `the filesystem holding ${p} is ${percent}% full (${freeMb} MB free)`
      : `the filesystem holding ${p} is back under ${opts.diskPercent}% (${percent}% used)`;
    return [{ key: `disk:${p}`, holds, alert: alertOf("disk-full", message, { path: p, percent, freeMb }) }];
  });
}
