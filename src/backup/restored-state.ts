import fs from "node:fs";
import path from "node:path";
import { saveApp, type AppRecord } from "../state/app-state.js";
import { paths } from "../state/paths.js";
import { loadRouting, saveRouting } from "../state/routing-state.js";

/** Files of a backed-up app dir that describe the old server's containers or runs, not the app. */
const LEFT_OUT = new Set(["app.json", "journal.json", "retiring", "build-layers.json"]);

/**
 * Write `to`'s state from a backed-up app dir: config, releases, templates, routing and
 * certificates. Under a new name the domains and certificates stay with the original, as in a clone.
 */
export function writeRestoredState(backedUp: string, to: string): { record: AppRecord; source: AppRecord } {
  const source = JSON.parse(fs.readFileSync(path.join(backedUp, "app.json"), "utf8")) as AppRecord;
  fs.mkdirSync(paths.appDir(to), { recursive: true });
  for (const entry of fs.readdirSync(backedUp).filter((e) => !LEFT_OUT.has(e))) {
    fs.cpSync(path.join(backedUp, entry), path.join(paths.appDir(to), entry), {
      recursive: true,
      preserveTimestamps: true,
    });
  }
  if (to !== source.name) {
    saveRouting(to, { auth: loadRouting(to).auth, domains: [] });
    fs.rmSync(paths.appTlsDir(to), { recursive: true, force: true });
  }
  const record: AppRecord = {
    name: to,
    createdAt: source.createdAt,
    lastRelease: source.lastRelease,
    deployBranch: source.deployBranch,
    scale: source.scale,
    builder: source.builder,
  };
  saveApp(record);
  return { record, source };
}
