import type { Settings } from "../../state/settings.js";
import { renderSystemdUnit, systemdUnitName } from "./render-systemd-unit.js";
import { renderUpstartJob, upstartJobName } from "./render-upstart-job.js";
import type { SupervisedJob } from "./supervised-job.js";

export type InitSystem = "systemd" | "upstart";
export const INIT_SYSTEMS: readonly InitSystem[] = ["systemd", "upstart"];

/** Per init system: where jobs live, how a file is named and rendered, and the argv that drive it. */
export const INIT = {
  systemd: {
    dir: (s: Settings) => s.systemdUnitDir,
    file: (container: string) => `${container}.service`,
    render: (job: SupervisedJob) => [systemdUnitName(job), renderSystemdUnit(job)] as const,
    reload: [["systemctl", "daemon-reload"]],
    start: (unit: string) => [["systemctl", "enable", "--quiet", unit], ["systemctl", "start", unit]],
    stop: (unit: string) => [["systemctl", "disable", "--quiet", "--now", unit]],
    // A stopped container exits non-zero, which leaves its unit listed as failed until reset.
    forget: (unit: string) => [["systemctl", "reset-failed", unit]],
  },
  upstart: {
    dir: (s: Settings) => s.upstartJobDir,
    file: (container: string) => `${container}.conf`,
    render: (job: SupervisedJob) => [upstartJobName(job), renderUpstartJob(job)] as const,
    reload: [["initctl", "reload-configuration"]],
    start: (job: string) => [["initctl", "start", job.replace(/\.conf$/, "")]],
    stop: (job: string) => [["initctl", "stop", job.replace(/\.conf$/, "")]],
    forget: (): string[][] => [],
  },
} satisfies Record<InitSystem, unknown>;
