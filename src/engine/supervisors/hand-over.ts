import type { Settings } from "../../state/settings.js";
import { docker } from "../docker.js";
import { say } from "../../output.js";
import { installJobs, jobOwners, removeJobFile, superviseJobs, unsuperviseContainer } from "./supervise.js";
import type { Supervisor } from "../../state/supervisor-name.js";
import { HANDED_BACK_POLICY, restartPolicyFor, type SupervisedJob } from "./supervised-job.js";

/**
 * Give running containers to another supervisor without stopping them. Docker holds them in
 * between: their restart policy goes to unless-stopped first, which is also what tells the old
 * jobs' stop hooks to let go of the container rather than stop it. The new init's jobs attach to
 * the running containers (or start stopped ones), and only then does Docker's policy go back to
 * "no". Every step is idempotent, so running it again finishes an interrupted hand-over.
 */
export async function handOver(settings: Settings, target: Supervisor, jobs: SupervisedJob[]): Promise<void> {
  const engine = await docker();
  for (const job of jobs)
    await engine.getContainer(job.containerName).update({ RestartPolicy: { Name: HANDED_BACK_POLICY } });
  for (const job of jobs) {
    for (const init of jobOwners(settings, job.containerName).filter((owner) => owner !== target)) {
      try {
        // Jobs written by an older Slipway may lack the stop hook's check: rewrite before stopping.
        await installJobs(settings, init, [job]);
        await unsuperviseContainer(settings, job.containerName, [init]);
      } catch (err) {
        // An init that is gone (a disk moved to another host, say) can't run or stop the job
        // either; Docker holds the container now, so the file just goes.
        say.warn(
          `${init} did not let go of ${job.containerName} cleanly, so its job file is removed: ${(err as Error).message}`,
        );
        await removeJobFile(settings, init, job.containerName);
      }
    }
  }
  if (target === "docker") {
    for (const job of jobs) await startIfStopped(job.containerName);
    return;
  }
  await superviseJobs(settings, jobs, target);
  for (const job of jobs)
    await engine
      .getContainer(job.containerName)
      .update({ RestartPolicy: { Name: restartPolicyFor(target) } });
}

async function startIfStopped(name: string): Promise<void> {
  const c = (await docker()).getContainer(name);
  if (!(await c.inspect()).State.Running) await c.start();
}
