import { SlipwayError } from "../../errors.js";
import { migrations } from "./migrations.js";

/** The state format this Slipway reads and writes: one more than the last migration's starting point. */
export const STATE_VERSION = migrations.length;

/** settings.json's stateVersion; state written before versioning (no field) is version 0. */
export function storedStateVersion(settings: { stateVersion?: number }): number {
  return settings.stateVersion ?? 0;
}

/** An older Slipway must not read or write state a newer one has migrated: refuse before anything runs. */
export function refuseNewerState(stored: number, settingsFile: string): void {
  if (stored <= STATE_VERSION) return;
  throw new SlipwayError(
    "state-newer",
    `the state in ${settingsFile} is version ${stored}, newer than this Slipway understands (${STATE_VERSION})`,
    {
      hint:
        "a newer Slipway wrote it, and downgrading is not supported: run configure-system.sh from the newer " +
        "checkout again (see docs/upgrading.md)",
      exitCode: 1,
    },
  );
}
