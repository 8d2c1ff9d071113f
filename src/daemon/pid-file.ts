import fs from "node:fs";
import { readText, writeFileAtomic } from "../state/atomic-write.js";

/** The pid of a slipwayd recorded in file that is still alive, if any. */
export function runningDaemon(file: string): number | undefined {
  const pid = Number(readText(file)?.trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    // A reused pid belongs to some other program; only a live slipwayd counts.
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("daemon/main.js") ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writePidFile(file: string): void {
  writeFileAtomic(file, `${process.pid}\n`);
}

export function removePidFile(file: string): void {
  if (readText(file)?.trim() === String(process.pid)) fs.rmSync(file, { force: true });
}
