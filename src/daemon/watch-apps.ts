import fs from "node:fs";
import path from "node:path";

const DEBOUNCE_MS = 300;

/**
 * Call onChange (debounced) whenever an app is created, removed or written: inotify watches on the
 * apps dir and each app's dir, so an idle daemon wakes for nothing. Returns a function that stops watching.
 */
export function watchApps(appsDir: string, onChange: () => void): () => void {
  fs.mkdirSync(appsDir, { recursive: true });
  const watchers = new Map<string, fs.FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      watchAppDirs();
      onChange();
    }, DEBOUNCE_MS);
  };
  const watch = (dir: string) => {
    try {
      watchers.set(
        dir,
        fs.watch(dir, changed).on("error", () => unwatch(dir)),
      );
    } catch {
      // removed between listing and watching; the parent's watcher saw that
    }
  };
  const unwatch = (dir: string) => {
    watchers.get(dir)?.close();
    watchers.delete(dir);
  };
  const watchAppDirs = () => {
    const dirs = new Set(fs.readdirSync(appsDir).map((n) => path.join(appsDir, n)));
    for (const dir of watchers.keys()) if (dir !== appsDir && !dirs.has(dir)) unwatch(dir);
    for (const dir of dirs) if (!watchers.has(dir)) watch(dir);
  };
  watch(appsDir);
  watchAppDirs();
  return () => {
    clearTimeout(timer);
    for (const dir of [...watchers.keys()]) unwatch(dir);
  };
}
