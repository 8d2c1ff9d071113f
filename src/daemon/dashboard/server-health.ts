import os from "node:os";
import { planStatus } from "../../release/status/plan-status.js";
import { readBackupStatus } from "../../release/status/read-backup-status.js";
import type { StatusFacts } from "../../release/status/status-facts.js";
import type { StatusLine } from "../../release/status/status-report.js";
import { STATE_VERSION, storedStateVersion } from "../../state/migrations/state-version.js";
import { stateRoot } from "../../state/paths.js";
import type { RoutingState } from "../../state/routing-state.js";
import type { Settings } from "../../state/settings.js";
import { filesystemOf } from "../../system/filesystem.js";
import type { Light } from "./app-light.js";

/** One line of the server's health: what, how it stands, and the figure behind it. */
export interface HealthItem {
  name: string;
  light: Light;
  detail: string;
}

const GB = 1 << 30;

/**
 * The status report's quick lines (Slipway's state version, disk, certificates, backups) through its own
 * planner, plus free memory. Container samples take a second or more, so they are on /status only.
 */
export function serverHealth(settings: Settings, routing: Map<string, RoutingState>, now = new Date()) {
  const { device: _device, ...disk } = filesystemOf(stateRoot());
  const facts: StatusFacts = {
    version: "",
    stateVersion: storedStateVersion(settings),
    codeStateVersion: STATE_VERSION,
    filesystems: [{ ...disk, holds: ["state"] }],
    appDisk: [],
    containers: [],
    certificates: [...routing].flatMap(([app, { cert }]) => (cert ? [{ app, ...cert }] : [])),
    backup: readBackupStatus(),
    deploys: [],
  };
  return [
    ...planStatus(facts, now)
      .lines.filter((l) => l.section !== "slipway")
      .map(healthItem),
    memoryHealth(),
  ];
}

export function healthItem(l: StatusLine): HealthItem {
  const name = l.section === "backup" ? "backups" : `${l.section} ${l.subject}`;
  return { name, light: l.state, detail: l.reason };
}

export function memoryHealth(): HealthItem {
  const share = os.freemem() / os.totalmem();
  const detail = `${(os.freemem() / GB).toFixed(1)} GB free of ${(os.totalmem() / GB).toFixed(1)} GB`;
  return { name: "memory", light: share < 0.05 ? "red" : share < 0.1 ? "amber" : "green", detail };
}
