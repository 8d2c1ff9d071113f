import { say } from "../output.js";
import { SlipwayError } from "../errors.js";
import { loadApp } from "../state/app-state.js";
import { loadSettings, saveSettings, type Settings } from "../state/settings.js";
import { withAppSession } from "./app-session.js";
import { handOver } from "../engine/supervisors/hand-over.js";
import { jobFor, runInit } from "../engine/supervisors/supervise.js";
import type { SupervisedJob } from "../engine/supervisors/supervised-job.js";
import type { Supervisor } from "../state/supervisor-name.js";

/**
 * Move every app's live containers to another supervisor, then make it the setting. Every app's
 * lock is held throughout, so no deploy starts containers under the old supervisor meanwhile.
 */
export async function switchSupervisor(
  settings: Settings,
  target: Supervisor,
  apps: string[],
): Promise<void> {
  // Ask the init to reload before touching anything: an init that is not running fails here.
  if (target !== "docker") await runInit(settings, target, "reload");
  const moved: string[] = [];
  await withAppSessions(settings, [...apps].sort(), async () => {
    for (const app of apps) {
      const jobs = liveJobs(settings, app);
      if (!jobs.length) continue;
      await handOver(settings, target, jobs).catch((err: unknown) => {
        throw new SlipwayError(
          "supervisor",
          `handing ${app} to ${target} failed: ${(err as Error).message}`,
          {
            cause: err,
            hint: `nothing was stopped; run \`slipway supervisor:set ${target}\` again to finish${moved.length ? ` (done: ${moved.join(", ")})` : ""}`,
          },
        );
      });
      moved.push(app);
      say.step(
        `${app}: ${jobs.length} container${jobs.length === 1 ? "" : "s"} now kept running by ${target}`,
      );
    }
    saveSettings({ ...loadSettings(), supervisor: target });
  });
}

/** One job per container of the live release, named as a deploy would name it. */
export function liveJobs(settings: Settings, app: string): SupervisedJob[] {
  const current = loadApp(app)?.current;
  if (!current) return [];
  return Object.entries(current.services).flatMap(([service, state]) =>
    state.containers.map((c, i) =>
      jobFor(settings, { app, service, instance: i + 1, containerName: c.name }),
    ),
  );
}

function withAppSessions<T>(settings: Settings, apps: string[], fn: () => Promise<T>): Promise<T> {
  if (!apps.length) return fn();
  return withAppSession(settings, apps[0], () => withAppSessions(settings, apps.slice(1), fn));
}
