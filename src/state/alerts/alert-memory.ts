import { readJson, writeJsonAtomic } from "../atomic-write.js";
import { paths } from "../paths.js";
import type { AlertEventName } from "./alert-events.js";

/** What was last sent per key: a condition that still holds, or a happening inside its quiet hour. */
export interface Remembered {
  event: AlertEventName;
  /** When the condition started (first sent). */
  since: string;
  lastSentAt: string;
  /** The details last sent, so a recovery can say what recovered. */
  app?: string;
  message: string;
}

export interface AlertMemory {
  version: 1;
  keys: Record<string, Remembered>;
}

export function emptyAlertMemory(): AlertMemory {
  return { version: 1, keys: {} };
}

/** Kept across daemon restarts, so a restart neither repeats a held condition nor forgets to announce its end. */
export function loadAlertMemory(): AlertMemory {
  try {
    const stored = readJson<AlertMemory>(paths.alertMemory());
    return stored?.version === 1 && stored.keys ? stored : emptyAlertMemory();
  } catch {
    return emptyAlertMemory(); // a damaged file costs at most one repeated alert
  }
}

export function saveAlertMemory(memory: AlertMemory): void {
  writeJsonAtomic(paths.alertMemory(), memory, 0o600);
}
