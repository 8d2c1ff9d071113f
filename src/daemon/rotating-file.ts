import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";

export interface RotationLimits {
  maxBytes: number;
  /** Rotated files kept: FILE1 (newest) up to FILE<maxFiles>. */
  maxFiles: number;
}

/** FILE with n before its extension: slipwayd.log, 2 → slipwayd2.log. */
export function rotatedName(file: string, n: number): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}${n}${ext}`;
}

/** The renames that shift FILE to FILE1, FILE1 to FILE2, ..., oldest first so nothing is overwritten. */
export function rotationRenames(file: string, maxFiles: number): Array<[string, string]> {
  const renames: Array<[string, string]> = [];
  for (let n = maxFiles - 1; n >= 1; n--) renames.push([rotatedName(file, n), rotatedName(file, n + 1)]);
  if (maxFiles >= 1) renames.push([file, rotatedName(file, 1)]);
  return renames;
}

/**
 * An append-only log file that rotates by size, for winston's Stream transport. Each line is
 * written synchronously: a daemon's log is small, and nothing is held in memory or lost in a
 * burst (winston's own File transport drops lines when it rotates under load).
 */
export class RotatingFile extends Writable {
  private fd: number;
  private size: number;

  constructor(
    private readonly file: string,
    private readonly limits: RotationLimits,
    private readonly onRotate: () => void = () => {},
  ) {
    super();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o750 });
    this.fd = fs.openSync(file, "a", 0o640);
    this.size = fs.fstatSync(this.fd).size;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    try {
      if (this.size > 0 && this.size + chunk.length > this.limits.maxBytes) this.rotate();
      fs.writeSync(this.fd, chunk);
      this.size += chunk.length;
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _final(done: (err?: Error | null) => void): void {
    fs.closeSync(this.fd);
    done();
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.rmSync(rotatedName(this.file, this.limits.maxFiles), { force: true });
    for (const [from, to] of rotationRenames(this.file, this.limits.maxFiles))
      if (fs.existsSync(from)) fs.renameSync(from, to);
    if (this.limits.maxFiles < 1) fs.rmSync(this.file, { force: true });
    this.fd = fs.openSync(this.file, "a", 0o640);
    this.size = 0;
    this.onRotate();
  }
}
