import { SlipwayError } from "../errors.js";
import type { Settings } from "../state/settings.js";
import { parseSize } from "../template/sizes.js";
import type { LimitDefaults } from "./plan-services.js";

/** settings.json's `defaults` as the planner takes them; a bad size is the admin's to fix, not ignored. */
export function limitDefaults(settings: Settings): LimitDefaults {
  const memoryBytes = parseSize(settings.defaults.memory);
  if (memoryBytes === undefined) {
    const given = JSON.stringify(settings.defaults.memory);
    throw new SlipwayError(
      "bad-settings",
      `settings.json defaults.memory ${given} is not a size such as 512m`,
      {
        hint: "fix it in settings.json (docs/settings.md); nothing was changed",
      },
    );
  }
  const pids = settings.defaults.pids;
  if (!Number.isInteger(pids) || pids < 1) {
    throw new SlipwayError(
      "bad-settings",
      `settings.json defaults.pids ${JSON.stringify(pids)} is not a whole number`,
      {
        hint: "fix it in settings.json (docs/settings.md), e.g. 512; nothing was changed",
      },
    );
  }
  return { memoryBytes, pids };
}
