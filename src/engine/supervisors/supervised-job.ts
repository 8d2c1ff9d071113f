import type { Supervisor } from "../../state/supervisor-name.js";

/** One service instance's container, as an init system runs it. The job is named after the container. */
export interface SupervisedJob {
  app: string;
  service: string;
  /** 1-based index of the instance within its service. */
  instance: number;
  /** The prepared (created) container the job starts attached. */
  containerName: string;
  /** Seconds `docker stop` waits between SIGTERM and SIGKILL. */
  stopTimeoutSeconds: number;
  /** Absolute path of the docker CLI. */
  dockerBinary: string;
}

/** Docker's restart policy when it supervises; a job's stop hook reads it to let go without stopping. */
export const HANDED_BACK_POLICY = "unless-stopped";

/** Docker restarts containers only when it is the supervisor; otherwise two supervisors would fight. */
export function restartPolicyFor(supervisor: Supervisor): typeof HANDED_BACK_POLICY | "no" {
  return supervisor === "docker" ? HANDED_BACK_POLICY : "no";
}

/**
 * Job files are init-system syntax, where a stray space, quote or `%` changes meaning, so every
 * value that reaches one is checked against the narrow shapes Slipway itself produces.
 */
export function checkJob(job: SupervisedJob): SupervisedJob {
  const word = /^[a-z0-9][a-z0-9-]*$/;
  if (!word.test(job.app) || !word.test(job.service))
    throw new RangeError(`not a job-safe name: ${job.app}/${job.service}`);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(job.containerName))
    throw new RangeError(`not a container name: ${job.containerName}`);
  if (!/^(\/[a-zA-Z0-9_.-]+)+$/.test(job.dockerBinary))
    throw new RangeError(`not an absolute program path: ${job.dockerBinary}`);
  for (const n of [job.instance, job.stopTimeoutSeconds])
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole number: ${n}`);
  return job;
}
