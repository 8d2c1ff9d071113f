import fs from "node:fs";
import { stateRoot } from "../state/paths.js";

/** Slipway runs these itself on the server (forced command, hooks, background jobs). */
const SERVER_ONLY = /^(ssh-serve$|hook:|internal:)/;

/**
 * The one rule for who answers a `slipway` command line (docs/client.md):
 * 1. Slipway's own entry points (ssh-serve, hook:*, internal:*) always run here.
 * 2. A leading --remote or --app, or SLIPWAY_CLIENT=1, makes it a client; SLIPWAY_CLIENT=0 never.
 * 3. `deploy … --remote URL` is already a client of the API, so it runs here.
 * 4. Otherwise: a Slipway server (it has a state dir) runs it; any other machine is a client.
 */
export function isClientMode(argv: string[], env: NodeJS.ProcessEnv, serverHere: () => boolean): boolean {
  const first = argv[0] ?? "";
  if (SERVER_ONLY.test(first)) return false;
  if (/^--(remote|app)(=|$)/.test(first) || env.SLIPWAY_CLIENT === "1") return true;
  if (env.SLIPWAY_CLIENT === "0") return false;
  if (first === "deploy" && argv.some((a) => /^--remote(=|$)/.test(a))) return false;
  return !serverHere();
}

/** A server has Slipway's state: SLIPWAY_STATE is set, or the default state dir exists. */
export function isSlipwayServer(): boolean {
  return !!process.env.SLIPWAY_STATE || fs.existsSync(stateRoot());
}
