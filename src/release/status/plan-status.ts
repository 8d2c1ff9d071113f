import type {
  BackupFact,
  CertificateFact,
  ContainerFact,
  FilesystemFact,
  StatusFacts,
} from "./status-facts.js";
import { worstState, type StatusLine, type StatusReport, type StatusState } from "./status-report.js";
import { formatAge, formatBytes } from "../../system/format-size.js";

/** Disk use at or over these fractions turns a filesystem amber, then red. */
export const DISK_AMBER = 0.85;
export const DISK_RED = 0.95;
/** Certificates expiring within these days are amber, then red. */
export const CERT_AMBER_DAYS = 14;
export const CERT_RED_DAYS = 3;
/** A daily backup older than this is amber, then red (two schedule periods). */
export const BACKUP_AMBER_HOURS = 26;
export const BACKUP_RED_HOURS = 48;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Every line of the report, from facts alone; pure but for the clock it is given. */
export function planStatus(facts: StatusFacts, now: Date): StatusReport {
  const lines = [
    slipwayLine(facts),
    ...facts.filesystems.map(diskLine),
    ...facts.appDisk
      .map((a) => ({ ...a, total: a.imagesBytes + a.volumesBytes + a.logsBytes }))
      .sort((a, b) => b.total - a.total)
      .map((a) => line("app-disk", a.app, "green", appDiskReason(a), { ...a })),
    ...facts.containers.filter((c) => c.live || c.state === "running").map(containerLine),
    ...facts.certificates.map((c) => certificateLine(c, now)),
    backupLine(facts.backup, now),
    ...facts.deploys.map((d) =>
      d.release === undefined
        ? line("deploy", d.app, "green", "not deployed yet")
        : line(
            "deploy",
            d.app,
            d.stopped ? "amber" : "green",
            `release ${d.release} (${d.cause}) ${formatAge(now.getTime() - Date.parse(d.deployedAt!))} ago` +
              (d.stopped ? "; stopped by ps:stop" : ""),
            { release: d.release, deployedAt: d.deployedAt ?? null },
          ),
    ),
  ];
  const { version, stateVersion, codeStateVersion } = facts;
  return {
    schema: 1,
    generatedAt: now.toISOString(),
    state: worstState(lines.map((l) => l.state)),
    slipway: { version, stateVersion, codeStateVersion },
    lines,
  };
}

function line(
  section: StatusLine["section"],
  subject: string,
  state: StatusState,
  reason: string,
  data?: StatusLine["data"],
): StatusLine {
  return data ? { section, subject, state, reason, data } : { section, subject, state, reason };
}

function slipwayLine({ version, stateVersion, codeStateVersion }: StatusFacts): StatusLine {
  const data = { version, stateVersion, codeStateVersion };
  if (stateVersion > codeStateVersion)
    return line(
      "slipway",
      "slipway",
      "red",
      `state version ${stateVersion} is newer than this Slipway`,
      data,
    );
  if (stateVersion < codeStateVersion)
    return line("slipway", "slipway", "amber", `state version ${stateVersion} needs migrating`, data);
  return line("slipway", "slipway", "green", `version ${version}, state version ${stateVersion}`, data);
}

function diskLine(fs: FilesystemFact): StatusLine {
  const used = fs.totalBytes ? 1 - fs.freeBytes / fs.totalBytes : 0;
  const state = used >= DISK_RED ? "red" : used >= DISK_AMBER ? "amber" : "green";
  const reason =
    `${Math.round(used * 100)}% used, ${formatBytes(fs.freeBytes)} free of ${formatBytes(fs.totalBytes)}` +
    ` (${fs.holds.join(", ")})`;
  return line("disk", fs.mount, state, reason, { ...fs, holds: fs.holds.join(","), usedPercent: used * 100 });
}

function appDiskReason(a: { imagesBytes: number; volumesBytes: number; logsBytes: number }): string {
  const { imagesBytes, volumesBytes, logsBytes } = a;
  return `images ${formatBytes(imagesBytes)}, volumes ${formatBytes(volumesBytes)}, logs ${formatBytes(logsBytes)}`;
}

function containerLine(c: ContainerFact): StatusLine {
  const data = {
    app: c.app,
    service: c.service,
    state: c.state,
    health: c.health ?? null,
    restartCount: c.restartCount,
    memoryBytes: c.memoryBytes ?? null,
    memoryLimitBytes: c.memoryLimitBytes ?? null,
    cpuPercent: c.cpuPercent ?? null,
  };
  const [state, reason] = containerState(c);
  return line("container", c.name, state, reason, data);
}

function containerState(c: ContainerFact): [StatusState, string] {
  if (c.state === "restarting") return ["red", `restarting (restarted ${c.restartCount} times)`];
  if (c.state !== "running") return ["red", `${c.state}, not running`];
  if (c.health === "unhealthy") return ["red", "running but its health check fails"];
  const usage = usageText(c);
  const nearLimit = c.memoryLimitBytes && c.memoryBytes && c.memoryBytes / c.memoryLimitBytes >= 0.9;
  if (nearLimit) return ["amber", `memory near its limit: ${usage}`];
  if (c.restartCount > 0) return ["amber", `running, restarted ${c.restartCount} times; ${usage}`];
  return ["green", `running; ${usage}`];
}

function usageText(c: ContainerFact): string {
  if (c.memoryBytes === undefined) return "no stats sample";
  const limit = c.memoryLimitBytes ? ` of ${formatBytes(c.memoryLimitBytes)}` : "";
  return `memory ${formatBytes(c.memoryBytes)}${limit}, CPU ${(c.cpuPercent ?? 0).toFixed(1)}%`;
}

function certificateLine(c: CertificateFact, now: Date): StatusLine {
  const days = Math.floor((Date.parse(c.notAfter) - now.getTime()) / DAY);
  const data = { notAfter: c.notAfter, daysLeft: days, source: c.source, names: c.names.join(",") };
  const state = days < CERT_RED_DAYS ? "red" : days < CERT_AMBER_DAYS ? "amber" : "green";
  const when = days < 0 ? `expired ${-days} days ago` : `expires in ${days} days`;
  return line("certificate", c.app, state, `${c.source} certificate for ${c.names.join(", ")} ${when}`, data);
}

function backupLine(b: BackupFact | undefined, now: Date): StatusLine {
  if (!b) return line("backup", "backups", "amber", "no backups configured (see backups:target)");
  const data = {
    lastSuccessAt: b.lastSuccessAt ?? null,
    lastFailureAt: b.lastFailureAt ?? null,
    lastError: b.lastError ?? null,
  };
  const success = b.lastSuccessAt ? Date.parse(b.lastSuccessAt) : undefined;
  if (b.lastFailureAt && (success === undefined || Date.parse(b.lastFailureAt) > success))
    return line(
      "backup",
      "backups",
      "red",
      `the last backup failed: ${b.lastError ?? "unknown error"}`,
      data,
    );
  if (success === undefined) return line("backup", "backups", "amber", "no backup has run yet", data);
  const age = now.getTime() - success;
  const state = age >= BACKUP_RED_HOURS * HOUR ? "red" : age >= BACKUP_AMBER_HOURS * HOUR ? "amber" : "green";
  return line("backup", "backups", state, `last backup ${formatAge(age)} ago`, data);
}
