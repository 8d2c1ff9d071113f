import fs from "node:fs";
import path from "node:path";
import { diskFullError } from "../system/disk-full.js";

/** Write a file so readers see the old or the new content, never a torn one: temp, fsync, rename. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): void {
  try {
    writeReplacing(file, data, mode);
  } catch (err) {
    throw diskFullError(err, path.dirname(file)) ?? err;
  }
}

function writeReplacing(file: string, data: string | Buffer, mode: number): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, "wx", mode);
  try {
    fs.writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    fs.fchmodSync(fd, mode); // umask must not loosen or tighten what we asked for
    keepOwner(fd, file);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  fsyncDir(dir);
}

/** A root-run edit of a file owned by another user (authorized_keys) must not steal it. */
function keepOwner(fd: number, file: string): void {
  if (process.getuid?.() !== 0) return;
  try {
    const st = fs.statSync(file);
    fs.fchownSync(fd, st.uid, st.gid);
  } catch {
    // new file: owned by whoever created it
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A file's text, or undefined when it does not exist. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Parse a JSON file, or undefined when it does not exist. */
export function readJson<T>(file: string): T | undefined {
  const text = readText(file);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

export function writeJsonAtomic(file: string, value: unknown, mode = 0o644): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n", mode);
}
