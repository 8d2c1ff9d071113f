import { say } from "../output.js";
import type { DoneStep, StepContainer } from "../state/journal.js";
import type { Settings } from "../state/settings.js";
import { docker } from "../engine/docker.js";
import { jobFor, removeSupervisedContainer, superviseJobs } from "../engine/supervisors/supervise.js";
import type { AppRouter } from "../proxy/app-router.js";

/**
 * Undo a release's done steps: the one path for a push that failed and for a deploy that died.
 * The route goes back first, so nginx never points at a container being removed; then the new
 * containers go and the stopped old ones start again. Every step is tried; failures are reported
 * and returned, so one that fails never keeps the old services from coming back.
 */
export async function undoSteps(
  settings: Settings,
  app: string,
  done: readonly DoneStep[],
  router: AppRouter,
): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (what: string, fn: () => Promise<void>) => {
    await fn().catch((err) => {
      failures.push(`${what}: ${err instanceof Error ? err.message : err}`);
      say.warn(`could not ${what}: ${err instanceof Error ? err.message : err}`);
    });
  };
  for (const step of done)
    if (step.kind === "routed")
      await attempt("restore the previous route", () => router.restore(step.previous));
  const started = done.filter((s) => s.kind === "started");
  await Promise.all(
    started.map((c) =>
      attempt(`remove new container ${c.name}`, () => removeSupervisedContainer(settings, c.id, 0)),
    ),
  );
  for (const c of done.filter((s) => s.kind === "stopped"))
    await attempt(`restart ${c.name}`, () => restartOld(settings, app, c));
  return failures;
}

/** Under systemd or upstart the job starts it again, or the init would not keep it running. */
async function restartOld(settings: Settings, app: string, c: StepContainer): Promise<void> {
  if (settings.supervisor === "docker") return void (await (await docker()).getContainer(c.id).start());
  await superviseJobs(settings, [
    jobFor(settings, { app, service: c.service, instance: c.index, containerName: c.name }),
  ]);
}
