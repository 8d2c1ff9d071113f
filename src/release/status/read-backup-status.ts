import path from "node:path";
import { readJson } from "../../state/atomic-write.js";
import { stateRoot } from "../../state/paths.js";
import type { BackupFact } from "./status-facts.js";

/** <state>/backups/status.json as backups:run writes it (version 1); undefined until backups are configured. */
export function readBackupStatus(): BackupFact | undefined {
  let stored: (BackupFact & { version?: number }) | undefined;
  try {
    stored = readJson(path.join(stateRoot(), "backups", "status.json"));
  } catch (err) {
    return { lastFailureAt: new Date(0).toISOString(), lastError: `status.json unreadable: ${err}` };
  }
  if (!stored) return undefined;
  const { lastSuccessAt, lastFailureAt, lastError } = stored;
  return { lastSuccessAt, lastFailureAt, lastError };
}
