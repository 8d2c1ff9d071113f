import fs from "node:fs";
import path from "node:path";
import winston from "winston";
import type { DaemonSettings } from "../state/settings.js";

const DAY_MS = 86_400_000;

/** JSON lines to a file that winston rotates by size; files past the age limit are pruned here. */
export function createLogger(file: string, opts: DaemonSettings): winston.Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o750 });
  const transport = new winston.transports.File({ filename: file, maxsize: opts.logMaxBytes, maxFiles: opts.logMaxFiles, tailable: true });
  const prune = () => pruneOldLogs(file, opts.logMaxAgeDays * DAY_MS, Date.now());
  // A rotation opens a new file: the moment old ones may have aged out. A daily check covers a quiet daemon.
  transport.on("open", prune);
  setInterval(prune, DAY_MS).unref();
  prune();
  return winston.createLogger({ format: winston.format.combine(winston.format.timestamp(), winston.format.json()), transports: [transport] });
}

/** Rotated files (slipwayd1.log, slipwayd2.log, ...) older than maxAgeMs; never the live file. */
export function staleLogFiles(file: string, entries: Array<{ name: string; mtimeMs: number }>, maxAgeMs: number, now: number): string[] {
  const ext = path.extname(file);
  const base = path.basename(file, ext);
  const rotated = new RegExp(`^${escapeRegExp(base)}\\d+${escapeRegExp(ext)}$`);
  return entries.filter((e) => rotated.test(e.name) && now - e.mtimeMs > maxAgeMs).map((e) => path.join(path.dirname(file), e.name));
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
