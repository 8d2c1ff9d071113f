// Run once after the whole suite: the shared base image goes last, after every test that used it.
// Only this suite's resources go, so a suite running beside it (another checkout) is left alone.
import { BASE_LABEL, pruneUnder, removeLabelled } from "./base-image.js";

const suite = process.env.SLIPWAY_TEST_SUITE;
if (suite) await removeLabelled(`slipway.test-suite=${suite}`);
// Developers running suites side by side keep the base image; CI always removes it.
if (process.env.SLIPWAY_KEEP_BASE_IMAGE !== "1") await removeLabelled(BASE_LABEL);
// What test files left untagged over the base images (they remove theirs without pruning parents).
await pruneUnder(BASE_LABEL);
