import fs from "node:fs";
import { saveApp, type AppRecord } from "../state/app-state.js";
import { paths, repoPath } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { checkFreeName } from "./copy-live-release.js";

/**
 * An app made by `apps:create` and never deployed runs nothing and has no vhost: its state and
 * repository just move. The caller holds both apps' locks and reinstalls the repository's hook.
 */
export function renameUndeployed(settings: Settings, record: AppRecord, to: string): void {
  checkFreeName(settings, to);
  fs.renameSync(paths.appDir(record.name), paths.appDir(to));
  if (fs.existsSync(repoPath(settings, record.name)))
    fs.renameSync(repoPath(settings, record.name), repoPath(settings, to));
  saveApp({ ...record, name: to });
}
