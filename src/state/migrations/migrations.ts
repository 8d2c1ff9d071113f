import type { Migration } from "./migration.js";
import { keepFoundationReleases } from "./keep-foundation-releases.js";

/**
 * Every change of the state format, oldest first: entry i takes version i to i+1. A change to what
 * Slipway writes that older readers would misread adds an entry here (a pure function with a unit test).
 */
export const migrations: Migration[] = [keepFoundationReleases];
