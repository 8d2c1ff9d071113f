import fs from "node:fs";
import { saveApp, type AppRecord } from "./app-state.js";
import { loadConfig, saveConfig } from "./config.js";
import { paths } from "./paths.js";
import { loadRouting, saveRouting } from "./routing-state.js";

/** What a new app takes from another: a rename takes everything, a clone its config and auth only. */
export interface StateCopy {
  /** Release history, template documents, certificates, deploy branch, scale and builder. */
  history: boolean;
}

/**
 * Write `to`'s record, config and routing from `from`'s, before `to` is deployed. Domains are left
 * out: while both apps run, they stay on `from`; a rename moves them once `to` is live.
 */
export function copyAppState(from: AppRecord, to: string, opts: StateCopy): AppRecord {
  fs.mkdirSync(paths.appDir(to), { recursive: true });
  saveConfig(to, loadConfig(from.name));
  const routing = loadRouting(from.name);
  saveRouting(to, { auth: routing.auth, domains: [] });
  const record: AppRecord = { name: to, createdAt: new Date().toISOString(), lastRelease: 0 };
  if (opts.history) {
    for (const dir of [paths.releasesDir, paths.templatesDir, paths.appTlsDir])
      copyDir(dir(from.name), dir(to));
    Object.assign(record, {
      createdAt: from.createdAt,
      lastRelease: from.lastRelease,
      deployBranch: from.deployBranch,
      scale: from.scale,
      builder: from.builder,
    });
  }
  saveApp(record);
  return record;
}

function copyDir(src: string, dest: string): void {
  if (fs.existsSync(src)) fs.cpSync(src, dest, { recursive: true, preserveTimestamps: true });
}
