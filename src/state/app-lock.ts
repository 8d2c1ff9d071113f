import { say } from "../output.js";
import { withLock } from "./lock.js";
import { paths } from "./paths.js";
import type { Settings } from "./settings.js";

/** How long to wait for an app's lock; by default the lockTimeoutSeconds setting. */
export interface AppLockWait {
  /** A wait the caller chose (`apps:destroy --wait N`). */
  seconds?: number;
  /** Try for a moment, quietly: for clean-ups the holder does anyway, and API calls that answer 409 at once. */
  brief?: boolean;
}

const BRIEF_SECONDS = 1;

/** Everything that changes what an app runs (push, config, scale, routing, destroy) holds this lock. */
export function withAppLock<T>(
  settings: Settings,
  app: string,
  fn: () => Promise<T>,
  wait: AppLockWait = {},
): Promise<T> {
  const seconds = wait.brief ? BRIEF_SECONDS : (wait.seconds ?? settings.lockTimeoutSeconds);
  const onWait = () => say.step(`Another deploy of ${app} is running; waiting up to ${seconds}s for it`);
  return withLock(
    paths.lock(`app-${app}`),
    {
      timeoutMs: seconds * 1000,
      holder: `another deploy of ${app}`,
      onWait: wait.brief ? undefined : onWait,
    },
    fn,
  );
}

/** Who made a release: the SSH key or token behind the command, else the local user. */
export function actor(pusher: string | undefined): string {
  return pusher || `local:${process.env.SUDO_USER || process.env.USER || "root"}`;
}
