// Run once after the whole suite: the shared base image goes last, after every test that used it.
import { BASE_LABEL, removeLabelled } from "./base-image.js";

await removeLabelled("slipway.test-run");
await removeLabelled(BASE_LABEL);
