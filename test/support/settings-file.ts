import fs from "node:fs";
import path from "node:path";
import type { Harness } from "./harness.js";

/** Change a test server's settings.json, as an admin editing it would. */
export function patchSettings(h: Harness, patch: (settings: Record<string, any>) => void): void {
  const file = path.join(h.state, "settings.json");
  const settings = JSON.parse(fs.readFileSync(file, "utf8"));
  patch(settings);
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}
