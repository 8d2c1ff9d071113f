import fs from "node:fs";
import path from "node:path";
import { say } from "../../output.js";
import { SlipwayError } from "../../errors.js";
import { writeFileAtomic } from "../../state/atomic-write.js";
import type { Settings } from "../../state/settings.js";
import { runProgram } from "../../system/run-program.js";
import { removeContainer } from "../containers.js";
import { docker } from "../docker.js";
import { helperArgv, INIT, INIT_SYSTEMS, initArgvs, type InitSystem, type JobVerb } from "./inits.js";
import type { Supervisor } from "../../state/supervisor-name.js";
import type { SupervisedJob } from "./supervised-job.js";

/** A job for one service instance's prepared container, with the server's stop timeout and docker path. */
export function jobFor(
  settings: Settings,
  job: Omit<SupervisedJob, "stopTimeoutSeconds" | "dockerBinary">,
): SupervisedJob {
  return { ...job, stopTimeoutSeconds: settings.stopTimeoutSeconds, dockerBinary: settings.dockerBinary };
}

/**
 * Write the jobs, reload the init and start them; a job started for a running container attaches
 * to it rather than restarting it. With the docker supervisor, restart policies do this instead.
 */
export async function superviseJobs(
  settings: Settings,
  jobs: SupervisedJob[],
  supervisor: Supervisor = settings.supervisor,
): Promise<void> {
  if (supervisor === "docker" || !jobs.length) return;
  const names = await installJobs(settings, supervisor, jobs);
  for (const name of names) await runInit(settings, supervisor, "start", name);
}

/** Write (or rewrite) the jobs' files and have the init read them, without starting anything. */
export async function installJobs(
  settings: Settings,
  init: InitSystem,
  jobs: SupervisedJob[],
): Promise<string[]> {
  const files = jobs.map((job) => INIT[init].render(job));
  for (const [name, text] of files) await installJobFile(settings, init, name, text);
  await runInit(settings, init, "reload");
  return files.map(([name]) => name);
}

/**
 * The init systems holding a job for this container. Files are looked up whatever the settings
 * name now, so a container set up before `supervisor:set` still loses its job when it goes.
 */
export function jobOwners(settings: Settings, containerName: string): InitSystem[] {
  return INIT_SYSTEMS.filter((init) =>
    fs.existsSync(path.join(INIT[init].dir(settings), INIT[init].file(containerName))),
  );
}

/**
 * Stop a container's jobs and remove their files; a missing job is fine. Stopping a job stops its
 * container too, unless Docker's restart policy claims the container again (see supervisor:set).
 */
export async function unsuperviseContainer(
  settings: Settings,
  containerName: string,
  inits = jobOwners(settings, containerName),
): Promise<void> {
  for (const init of inits) {
    const file = INIT[init].file(containerName);
    await runInit(settings, init, "stop", file, true);
    await removeJobFile(settings, init, containerName);
    await runInit(settings, init, "reload");
    await runInit(settings, init, "forget", file, true);
  }
}

export async function removeJobFile(
  settings: Settings,
  init: InitSystem,
  containerName: string,
): Promise<void> {
  const file = INIT[init].file(containerName);
  if (!needsSudo(settings)) return fs.rmSync(path.join(INIT[init].dir(settings), file), { force: true });
  await runArgv(init, helperArgv(settings, init, "remove", file));
}

/** Remove a container and, first, its job: a job left behind would keep trying to start it. */
export async function removeSupervisedContainer(
  settings: Settings,
  id: string,
  stopSeconds: number,
): Promise<void> {
  const info = await (
    await docker()
  )
    .getContainer(id)
    .inspect()
    .catch(() => undefined);
  // A broken init must not keep the container itself around; the job file is gone or reported.
  if (info)
    await unsuperviseContainer(settings, info.Name.replace(/^\//, "")).catch((err) =>
      say.warn(String((err as Error).message)),
    );
  await removeContainer(id, stopSeconds);
}

/**
 * Job directories belong to root. Root writes directly; the git user hands the text to the sudo
 * helper, which writes it only if it is exactly what Slipway renders for that name.
 */
async function installJobFile(
  settings: Settings,
  init: InitSystem,
  name: string,
  text: string,
): Promise<void> {
  if (!needsSudo(settings)) return writeFileAtomic(path.join(INIT[init].dir(settings), name), text);
  await runArgv(init, helperArgv(settings, init, "install", name), false, text);
}

const needsSudo = (settings: Settings) => process.getuid?.() !== 0 && settings.supervisorSudo.length > 0;

/**
 * Drive the init: as root with the verb's own argv (through supervisorExec, for a Slipway that
 * drives an init outside its own namespaces), as the git user through the one sudo helper.
 */
export async function runInit(
  settings: Settings,
  init: InitSystem,
  verb: JobVerb,
  name = "",
  tolerateFailure = false,
): Promise<void> {
  for (const argv of initArgvs(settings, init, verb, name, !needsSudo(settings)))
    await runArgv(init, argv, tolerateFailure);
}

async function runArgv(
  init: InitSystem,
  argv: string[],
  tolerateFailure = false,
  input?: string,
): Promise<void> {
  const res = await runProgram(argv, { input }).catch((err: unknown) => {
    throw initMissing(init, argv, String((err as Error).message));
  });
  if (res.code !== 0 && !tolerateFailure)
    throw initMissing(init, argv, res.stderr.trim() || `exit ${res.code}`);
}

function initMissing(init: string, argv: string[], said: string): SlipwayError {
  return new SlipwayError(
    "supervisor",
    `${init} could not run the app's jobs: \`${argv.join(" ")}\` said: ${said}`,
    {
      hint: `is ${init} this host's init system? If not, switch with \`slipway supervisor:set docker\``,
    },
  );
}
