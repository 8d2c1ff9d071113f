import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";

export interface LockOptions {
  timeoutMs: number;
  /** Shown to the user when the lock is busy, e.g. "another deploy of myapp". */
  holder: string;
  onWait?: () => void;
}

const TIMED_OUT = 75;

/**
 * Run fn while holding an exclusive kernel lock on file.
 * flock(1) holds it for us and the kernel drops it if we die, even by SIGKILL,
 * so a crashed deploy can never leave a stale lock behind.
 */
export async function withLock<T>(file: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const seconds = String(Math.max(1, Math.ceil(opts.timeoutMs / 1000)));
  const child = spawn("flock", ["-w", seconds, "-E", String(TIMED_OUT), file, "cat"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waitNote = setTimeout(() => opts.onWait?.(), 500);
  try {
    await acquired(child, opts);
  } finally {
    clearTimeout(waitNote);
  }
  try {
    return await fn();
  } finally {
    child.stdin!.end(); // cat sees EOF, exits, and the lock is released
    await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
  }
}

/** cat echoes our byte back only once flock has the lock and has started it. */
function acquired(child: ReturnType<typeof spawn>, opts: LockOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("error", (err) =>
      reject(
        new SlipwayError("lock", "could not take a lock: flock failed to start", {
          cause: err,
          hint: "install util-linux",
        }),
      ),
    );
    child.once("exit", (code) => {
      if (code === TIMED_OUT) {
        reject(
          new SlipwayError(
            "busy",
            `${opts.holder} is still running after ${Math.round(opts.timeoutMs / 1000)}s`,
            {
              hint: "wait for it to finish, then try again",
              exitCode: 75,
            },
          ),
        );
      } else reject(new SlipwayError("lock", `could not take a lock (flock exited ${code})`));
    });
    child.stdin!.write("x");
  });
}
