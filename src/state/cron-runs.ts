import path from "node:path";
import { readJson, writeJsonAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

/** Lines of a job's output kept for `logs APP`, across its runs. */
const KEPT_LINES = 200;

export interface CronRunSummary {
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  trigger: string;
}

export interface CronLine {
  time: string;
  text: string;
}

interface CronRunFile {
  last: CronRunSummary;
  lines: CronLine[];
}

// Job ids are checked by the template schema (lowercase letters, digits and -); checked again as they make a path.
function cronRunPath(app: string, id: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new RangeError(`not a cron job id: ${JSON.stringify(id)}`);
  return path.join(paths.appDir(app), "cron", `${id}.json`);
}

/** Record a finished run and add its output to the job's kept lines; one file per job, so jobs never race. */
export function recordCronRun(app: string, id: string, last: CronRunSummary, lines: CronLine[]): void {
  const kept = [...(loadCronRun(app, id)?.lines ?? []), ...lines].slice(-KEPT_LINES);
  writeJsonAtomic(cronRunPath(app, id), { last, lines: kept } satisfies CronRunFile, 0o600); // app output may hold secrets
}

export function loadCronRun(app: string, id: string): CronRunFile | undefined {
  return readJson<CronRunFile>(cronRunPath(app, id));
}
