import { spawn } from "node:child_process";
import type { Settings } from "../state/settings.js";

/**
 * Old containers drain and stop after the push has returned: nginx already sends new requests
 * elsewhere, and the pusher should not wait out a slow SIGTERM.
 */
export function retireInBackground(settings: Settings, containerIds: string[]): void {
  const child = spawn(settings.slipwayBin, ["internal:retire", ...containerIds], { detached: true, stdio: "ignore" });
  child.unref();
}
