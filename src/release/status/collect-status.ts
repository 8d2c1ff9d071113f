import { createRequire } from "node:module";
import { containerUsage, type ContainerUsage } from "../../engine/usage/container-usage.js";
import { engineDiskUsage, type EngineDiskUsage } from "../../engine/usage/disk-usage.js";
import { filesystemOf } from "../../system/filesystem.js";
import { listApps, type AppRecord } from "../../state/app-state.js";
import { STATE_VERSION, storedStateVersion } from "../../state/migrations/state-version.js";
import { stateRoot } from "../../state/paths.js";
import { loadRouting } from "../../state/routing-state.js";
import { loadSettings, type Settings } from "../../state/settings.js";
import { liveContainerIds } from "../../engine/live-containers.js";
import { planStatus } from "./plan-status.js";
import { readBackupStatus } from "./read-backup-status.js";
import type { AppDiskFact, FilesystemFact, StatusFacts } from "./status-facts.js";
import type { StatusReport } from "./status-report.js";

/**
 * The server's health as `slipway status` and the dashboard show it: disk, containers (one stats
 * sample each), certificates, backups and deploys, each line green, amber or red with its reason.
 */
export async function collectStatus(settings: Settings = loadSettings()): Promise<StatusReport> {
  const apps = listApps();
  const names = new Set(apps.map((a) => a.name));
  const [containers, disk] = await Promise.all([containerUsage(settings, names), engineDiskUsage(settings)]);
  return planStatus(statusFacts(settings, apps, containers, disk), new Date());
}

function statusFacts(
  settings: Settings,
  apps: AppRecord[],
  containers: ContainerUsage[],
  disk: EngineDiskUsage,
): StatusFacts {
  const live = new Set(apps.flatMap((a) => [...liveContainerIds(a.current)]));
  return {
    version: (createRequire(import.meta.url)("../../../package.json") as { version: string }).version,
    stateVersion: storedStateVersion(settings),
    codeStateVersion: STATE_VERSION,
    filesystems: filesystems({ state: stateRoot(), docker: disk.dockerRoot }),
    appDisk: appDisk(apps, containers, disk),
    containers: containers.map((c) => ({ ...c, live: live.has(c.id) })),
    certificates: apps.flatMap(({ name }) => {
      const cert = loadRouting(name).cert;
      return cert ? [{ app: name, source: cert.source, names: cert.names, notAfter: cert.notAfter }] : [];
    }),
    backup: readBackupStatus(),
    deploys: apps.map((a) => ({
      app: a.name,
      release: a.current?.number,
      deployedAt: a.current?.deployedAt,
      cause: a.current?.cause,
      stopped: a.stopped,
    })),
  };
}

/** One line per filesystem, naming what Slipway keeps on it (state and Docker often share one). */
function filesystems(places: Record<string, string>): FilesystemFact[] {
  const byDevice = new Map<number, FilesystemFact>();
  for (const [what, dir] of Object.entries(places)) {
    const { device, ...fs } = filesystemOf(dir);
    const seen = byDevice.get(device);
    if (seen) seen.holds.push(what);
    else byDevice.set(device, { ...fs, holds: [what] });
  }
  return [...byDevice.values()];
}

function appDisk(apps: AppRecord[], containers: ContainerUsage[], disk: EngineDiskUsage): AppDiskFact[] {
  return apps.map(({ name }) => ({
    app: name,
    imagesBytes: disk.apps[name]?.imagesBytes ?? 0,
    volumesBytes: disk.apps[name]?.volumesBytes ?? 0,
    logsBytes: containers.filter((c) => c.app === name).reduce((sum, c) => sum + (c.logBytes ?? 0), 0),
  }));
}
