import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readJson, writeJsonAtomic } from "../atomic-write.js";
import { paths } from "../paths.js";
import type { AlertEvent } from "./alert-events.js";

/** At most this many queued events: a daemon that is down for long does not fill the disk. */
const MAX_QUEUED = 500;

/**
 * Hand an event to slipwayd, which delivers it (with retries) so a push never waits on a webhook.
 * Never throws: an alert that cannot be queued must not fail the deploy it is about.
 */
export function queueAlert(event: AlertEvent): void {
  try {
    if (!fs.existsSync(paths.notifiers())) return; // nobody to tell: nothing piles up
    const dir = paths.alertOutbox();
    fs.mkdirSync(dir, { recursive: true });
    if (fs.readdirSync(dir).length >= MAX_QUEUED) return;
    const id = `${Date.now()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}.json`;
    writeJsonAtomic(path.join(dir, id), event, 0o600);
  } catch {
    // the outbox is a convenience; the deploy's own output already said what happened
  }
}

/** Queued events, oldest first, each removed as it is taken. A damaged file is dropped. */
export function takeQueuedAlerts(): AlertEvent[] {
  const dir = paths.alertOutbox();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".json") && !n.startsWith("."));
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    const file = path.join(dir, name);
    try {
      const event = readJson<AlertEvent>(file);
      return event ? [event] : [];
    } catch {
      return [];
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
}
