import fs from "node:fs";
import path from "node:path";
import { say } from "../../cli/output.js";
import { SlipwayError } from "../../errors.js";
import { writeFileAtomic } from "../../state/atomic-write.js";
import { paths } from "../../state/paths.js";
import type { Settings } from "../../state/settings.js";
import { runProgram } from "../../system/run-program.js";
import { removeContainer } from "../containers.js";
import { docker } from "../docker.js";
import { renderSystemdUnit, systemdUnitName } from "./render-systemd-unit.js";
import { renderUpstartJob, upstartJobName } from "./render-upstart-job.js";
import type { SupervisedJob } from "./supervised-job.js";

/** Per init system: where jobs live, how a file is named and rendered, and the argv that drive it. */
const INIT = {
  systemd: {
    dir: (s: Settings) => s.systemdUnitDir,
    file: (name: string) => `${name}.service`,
    render: (job: SupervisedJob) => [systemdUnitName(job), renderSystemdUnit(job)] as const,
    reload: [["systemctl", "daemon-reload"]],
    start: (unit: string) => [["systemctl", "enable", "--quiet", unit], ["systemctl", "start", unit]],
    stop: (unit: string) => [["systemctl", "disable", "--quiet", "--now", unit]],
  },
  upstart: {
    dir: (s: Settings) => s.upstartJobDir,
    file: (name: string) => `${name}.conf`,
    render: (job: SupervisedJob) => [upstartJobName(job), renderUpstartJob(job)] as const,
    reload: [["initctl", "reload-configuration"]],
    start: (job: string) => [["initctl", "start", job.replace(/\.conf$/, "")]],
    stop: (job: string) => [["initctl", "stop", job.replace(/\.conf$/, "")]],
  },
};

/** A job for one service instance's prepared container, with the server's stop timeout and docker path. */
export function jobFor(settings: Settings, job: Omit<SupervisedJob, "stopTimeoutSeconds" | "dockerBinary">): SupervisedJob {
  return { ...job, stopTimeoutSeconds: settings.stopTimeoutSeconds, dockerBinary: settings.dockerBinary };
}

/** Write the jobs, reload the init system and start them. With the docker supervisor, restart policies do this instead. */
export async function superviseJobs(settings: Settings, jobs: SupervisedJob[]): Promise<void> {
  if (settings.supervisor === "docker" || !jobs.length) return;
  const init = INIT[settings.supervisor];
  const files = jobs.map((job) => init.render(job));
  for (const [name, text] of files) await installJobFile(settings, path.join(init.dir(settings), name), text);
  await runAll(settings, init.reload);
  for (const [name] of files) await runAll(settings, init.start(name));
}

/** Stop a container's job (which stops the container) and remove the job file; a missing job is fine. */
export async function unsuperviseContainer(settings: Settings, containerName: string): Promise<void> {
  if (settings.supervisor === "docker") return;
  const init = INIT[settings.supervisor];
  const file = path.join(init.dir(settings), init.file(containerName));
  if (!fs.existsSync(file)) return;
  await runAll(settings, init.stop(path.basename(file)), true);
  await runAll(settings, [["rm", "-f", file]]);
  await runAll(settings, init.reload);
}

/** Remove a container and, first, its job: a job left behind would keep trying to start it. */
export async function removeSupervisedContainer(settings: Settings, id: string, stopSeconds: number): Promise<void> {
  if (settings.supervisor !== "docker") {
    const info = await (await docker()).getContainer(id).inspect().catch(() => undefined);
    // A broken init must not keep the container itself around; the job file is gone or reported.
    if (info) await unsuperviseContainer(settings, info.Name.replace(/^\//, "")).catch((err) => say.warn(String((err as Error).message)));
  }
  await removeContainer(id, stopSeconds);
}

/**
 * Job directories belong to root. Root writes directly; the git user stages the file in Slipway's
 * tmp dir and installs it through the one sudo rule configure-system.sh grants for it.
 */
async function installJobFile(settings: Settings, dest: string, text: string): Promise<void> {
  if (!needsSudo(settings)) return writeFileAtomic(dest, text);
  const staged = path.join(paths.tmpDir(), path.basename(dest));
  writeFileAtomic(staged, text);
  try {
    await runAll(settings, [["install", "-m", "644", staged, dest]]);
  } finally {
    fs.rmSync(staged, { force: true });
  }
}

const needsSudo = (settings: Settings) => process.getuid?.() !== 0 && settings.supervisorSudo.length > 0;

async function runAll(settings: Settings, argvs: string[][], tolerateFailure = false): Promise<void> {
  for (const plain of argvs) {
    const argv = needsSudo(settings) ? [...settings.supervisorSudo, ...plain] : plain;
    const res = await runProgram(argv).catch((err: unknown) => {
      throw initMissing(settings, argv, String((err as Error).message));
    });
    if (res.code !== 0 && !tolerateFailure) throw initMissing(settings, argv, res.stderr.trim() || `exit ${res.code}`);
  }
}

function initMissing(settings: Settings, argv: string[], said: string): SlipwayError {
  return new SlipwayError("supervisor", `${settings.supervisor} could not run the app's jobs: \`${argv.join(" ")}\` said: ${said}`, {
    hint: `is ${settings.supervisor} this host's init system? If not, set "supervisor": "docker" in the settings file`,
  });
}
