import fs from "node:fs";
import path from "node:path";
import winston from "winston";
import type { DaemonSettings } from "../state/settings-parts.js";
import { RotatingFile } from "./rotating-file.js";

const DAY_MS = 86_400_000;

/** JSON lines to a file rotated by size (RotatingFile) and by age (pruned here). */
export function createLogger(file: string, opts: DaemonSettings): winston.Logger {
  const maxAgeMs = opts.logMaxAgeDays * DAY_MS;
  const prune = () => pruneOldLogs(file, maxAgeMs, Date.now());
  const stream = new RotatingFile(file, { maxBytes: opts.logMaxBytes, maxFiles: opts.logMaxFiles }, prune);
  // A rotation is one moment old files may have aged out; a daily check covers a quiet daemon.
  setInterval(prune, DAY_MS).unref();
  prune();
  return winston.createLogger({
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream })],
  });
}

/** Rotated files (slipwayd1.log, slipwayd2.log, ...) older than maxAgeMs; never the live file. */
export function staleLogFiles(
  file: string,
  entries: Array<{ name: string; mtimeMs: number }>,
  maxAgeMs: number,
  now: number,
): string[] {
  const ext = path.extname(file);
  const base = path.basename(file, ext);
  const rotated = new RegExp(`^${escapeRegExp(base)}\\d+${escapeRegExp(ext)}$`);
  return entries
    .filter((e) => rotated.test(e.name) && now - e.mtimeMs > maxAgeMs)
    .map((e) => path.join(path.dirname(file), e.name));
}

export function pruneOldLogs(file: string, maxAgeMs: number, now: number): void {
  const dir = path.dirname(file);
  const entries = fs.readdirSync(dir).flatMap((name) => {
    try {
      return [{ name, mtimeMs: fs.statSync(path.join(dir, name)).mtimeMs }];
    } catch {
      return []; // removed while we looked
    }
  });
  for (const stale of staleLogFiles(file, entries, maxAgeMs, now)) fs.rmSync(stale, { force: true });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
