import type { Settings } from "../../state/settings.js";
import { renderSystemdUnit, systemdUnitName } from "./render-systemd-unit.js";
import { renderUpstartJob, upstartJobName } from "./render-upstart-job.js";
import type { SupervisedJob } from "./supervised-job.js";

export type InitSystem = "systemd" | "upstart";
export const INIT_SYSTEMS: readonly InitSystem[] = ["systemd", "upstart"];

/** What Slipway asks of an init, by name; as root it runs the argv below, as the git user the sudo helper. */
export type JobVerb = "reload" | "start" | "stop" | "forget";

/** Per init system: where jobs live, how a file is named and rendered, and the argv of each verb. */
interface InitSpec extends Record<JobVerb, (name: string) => string[][]> {
  dir: (s: Settings) => string;
  file: (container: string) => string;
  render: (job: SupervisedJob) => readonly [string, string];
}

export const INIT: Record<InitSystem, InitSpec> = {
  systemd: {
    dir: (s: Settings) => s.systemdUnitDir,
    file: (container: string) => `${container}.service`,
    render: (job: SupervisedJob) => [systemdUnitName(job), renderSystemdUnit(job)] as const,
    reload: () => [["systemctl", "daemon-reload"]],
    start: (unit: string) => [
      ["systemctl", "enable", "--quiet", unit],
      ["systemctl", "start", unit],
    ],
    stop: (unit: string) => [["systemctl", "disable", "--quiet", "--now", unit]],
    // A stopped container exits non-zero, which leaves its unit listed as failed until reset.
    forget: (unit: string) => [["systemctl", "reset-failed", unit]],
  },
  upstart: {
    dir: (s: Settings) => s.upstartJobDir,
    file: (container: string) => `${container}.conf`,
    render: (job: SupervisedJob) => [upstartJobName(job), renderUpstartJob(job)] as const,
    reload: () => [["initctl", "reload-configuration"]],
    start: (job: string) => [["initctl", "start", job.replace(/\.conf$/, "")]],
    stop: (job: string) => [["initctl", "stop", job.replace(/\.conf$/, "")]],
    forget: (): string[][] => [],
  },
};

/** The one sudo argv for a verb or a file change: `sudo -n HELPER INIT VERB [NAME]`. */
export function helperArgv(
  settings: Settings,
  init: InitSystem,
  verb: JobVerb | "install" | "remove",
  name?: string,
): string[] {
  return [
    ...settings.supervisorSudo,
    settings.supervisorHelper,
    init,
    verb,
    ...(name === undefined ? [] : [name]),
  ];
}

/** The argv that carry out a verb: the verb's own as root, else one call of the sudo helper. */
export function initArgvs(
  settings: Settings,
  init: InitSystem,
  verb: JobVerb,
  name: string,
  asRoot: boolean,
): string[][] {
  if (!asRoot && settings.supervisorSudo.length > 0)
    return [helperArgv(settings, init, verb, verb === "reload" ? undefined : name)];
  return INIT[init][verb](name).map((argv) => [...settings.supervisorExec, ...argv]);
}
