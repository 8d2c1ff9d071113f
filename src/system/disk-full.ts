import { SlipwayError } from "../errors.js";
import { filesystemOf } from "./filesystem.js";
import { formatBytes } from "./format-size.js";

/**
 * A full disk, said as such: which filesystem, how much is left, and where to look. Undefined for any
 * other error. `near` is a path on the filesystem that was written when the error carries none.
 */
export function diskFullError(err: unknown, near: string): SlipwayError | undefined {
  if (err instanceof SlipwayError && err.code === "disk-full") return err;
  const e = noSpace(err);
  if (!e) return undefined;
  let where: string;
  try {
    const fs = filesystemOf(e.path ?? near);
    where = `the filesystem at ${fs.mount} is full (${formatBytes(fs.freeBytes)} free of ${formatBytes(fs.totalBytes)})`;
  } catch {
    where = `the filesystem holding ${e.path ?? near} is full`;
  }
  return new SlipwayError("disk-full", `${where}; nothing was changed`, {
    hint: "free space there (`slipway status` shows what each app uses: images, volumes, logs), then try again",
    cause: err,
  });
}

/** The ENOSPC (or quota) error itself, or the one another error was caused by. */
function noSpace(err: unknown): NodeJS.ErrnoException | undefined {
  for (let e = err as NodeJS.ErrnoException | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === "ENOSPC" || e.code === "EDQUOT") return e;
    e = e.cause as NodeJS.ErrnoException | undefined;
  }
  return undefined;
}
