import { Cron } from "croner";
import { SlipwayError } from "../../errors.js";
import { liveRelease } from "../../release/live-service-spec.js";
import { runCronOneOff } from "../../release/run-cron-one-off.js";
import { loadCronRun } from "../../state/cron-runs.js";
import { withLock } from "../../state/lock.js";
import { paths } from "../../state/paths.js";
import type { CronJob } from "../../template/template.js";
import { appCommand, arg, type Command } from "../command.js";
import { localTime } from "../local-time.js";

const NEXT_RUNS = 3;

export const cronCommands: Command[] = [
  appCommand({
    usage: "cron:list APP [--json]",
    summary:
      "the app's cron jobs (slipway.yml `cron`), their next run times (server's local time) and how the last run ended",
    table: ["id", "schedule", "service", "command", "next", "last"],
    async run({ args: [app], flags }) {
      return liveRelease(app).template.cron.map((job) => ({
        id: job.id,
        schedule: job.schedule,
        service: job.service,
        command: typeof job.run === "string" ? job.run : JSON.stringify(job.run),
        next: nextRuns(job.schedule, NEXT_RUNS),
        last: lastRun(app, job.id, !!flags.json),
      }));
    },
  }),
  appCommand({
    usage: "cron:run APP ID",
    summary: "run a cron job now, print its output and exit with its code",
    flags: { scheduled: { type: "boolean" } },
    args: [arg("ID")],
    async run({ args: [app, id], flags, settings }) {
      const job = findJob(app, id);
      const trigger = flags.scheduled ? "schedule" : "manual";
      // No stdin: slipwayd starts jobs with none, and a job run by hand must not wait on a terminal either.
      // A kernel lock per job, so a manual run and a scheduled one never overlap either. App names have no dot.
      return withLock(
        paths.lock(`cron-${app}.${job.id}`),
        { timeoutMs: 1000, holder: `cron job ${job.id} of ${app}` },
        () => runCronOneOff(settings, app, job, trigger),
      );
    },
  }),
];

/** croner, the scheduler slipwayd uses, computes them, so the list agrees with what will happen. */
export function nextRuns(schedule: string, count: number, from?: Date, offsetMinutes?: number): string[] {
  return new Cron(schedule, { paused: true }).nextRuns(count, from).map((d) => localTime(d, offsetMinutes));
}

/** The last run's end and exit code: an object for --json, `2026-01-02T03:04:05Z exit 0` for the table. */
function lastRun(app: string, id: string, json: boolean): unknown {
  const last = loadCronRun(app, id)?.last;
  if (!last) return undefined;
  return json ? last : `${last.finishedAt.replace(/\.\d+Z$/, "Z")} exit ${last.exitCode}`;
}

function findJob(app: string, id: string): CronJob {
  const jobs = liveRelease(app).template.cron;
  const job = jobs.find((j) => j.id === id);
  if (!job) {
    throw new SlipwayError("no-cron-job", `${app} has no cron job ${JSON.stringify(id)}`, {
      hint: jobs.length
        ? `jobs: ${jobs.map((j) => j.id).join(", ")} (see \`slipway cron:list ${app}\`)`
        : "add one under `cron:` in slipway.yml and push",
    });
  }
  return job;
}
