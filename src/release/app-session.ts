import { withAppLock } from "../state/app-lock.js";
import type { Settings } from "../state/settings.js";
import { recoverInterrupted } from "./recover-interrupted.js";

/**
 * Hold the app's lock, and first undo any deploy of it that died part-way: every command that
 * changes what an app runs notices an interrupted deploy, not only the next push.
 */
export function withAppSession<T>(settings: Settings, app: string, fn: () => Promise<T>): Promise<T> {
  return withAppLock(settings, app, async () => {
    await recoverInterrupted(settings, app);
    return fn();
  });
}
