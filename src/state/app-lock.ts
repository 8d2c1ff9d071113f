import { say } from "../output.js";
import { withLock } from "./lock.js";
import { paths } from "./paths.js";
import type { Settings } from "./settings.js";

/** Everything that changes what an app runs (push, config, scale, destroy) holds this lock. */
export function withAppLock<T>(settings: Settings, app: string, fn: () => Promise<T>): Promise<T> {
  return withLock(paths.lock(`app-${app}`), {
    timeoutMs: settings.lockTimeoutSeconds * 1000,
    holder: `another deploy of ${app}`,
    onWait: () => say.step(`Another deploy of ${app} is running; waiting up to ${settings.lockTimeoutSeconds}s for it`),
  }, fn);
}

/** Who asked: the SSH key's name, or the local user. */
export function actor(): string {
  return process.env.SLIPWAY_KEY || `local:${process.env.SUDO_USER || process.env.USER || "root"}`;
}
