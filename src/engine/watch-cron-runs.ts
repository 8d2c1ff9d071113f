import fs from "node:fs";
import path from "node:path";
import { loadCronRun, type CronLine } from "../state/cron-runs.js";
import { paths } from "../state/paths.js";

/**
 * Call `onLines` with each cron run's output as the run is recorded. A run's container is removed
 * the moment it exits, often before a follower could attach, so the kept record is what is followed.
 * Returns the function that stops watching.
 */
export function watchCronRuns(app: string, onLines: (id: string, lines: CronLine[]) => void): () => void {
  const dir = path.join(paths.appDir(app), "cron");
  fs.mkdirSync(dir, { recursive: true });
  const seen = new Map<string, string>();
  const newest = (id: string) => loadCronRun(app, id)?.lines.at(-1)?.time ?? "";
  for (const file of fs.readdirSync(dir))
    if (file.endsWith(".json")) seen.set(file.slice(0, -5), newest(file.slice(0, -5)));
  const watcher = fs.watch(dir, (_event, file) => {
    const id = /^([a-z0-9][a-z0-9-]*)\.json$/.exec(String(file ?? ""))?.[1];
    if (!id) return;
    const lines = (loadCronRun(app, id)?.lines ?? []).filter((l) => l.time > (seen.get(id) ?? ""));
    if (!lines.length) return;
    seen.set(id, lines.at(-1)!.time);
    onLines(id, lines);
  });
  return () => watcher.close();
}
