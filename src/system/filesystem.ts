import fs from "node:fs";
import path from "node:path";

/** The filesystem a path lives on: its mount point, size and the bytes an unprivileged writer may use. */
export interface Filesystem {
  mount: string;
  /** Two mount points of one device (a bind mount of /var/lib/docker, say) are one filesystem. */
  device: number;
  totalBytes: number;
  freeBytes: number;
}

/** The filesystem holding `file` (or its nearest existing parent). */
export function filesystemOf(file: string): Filesystem {
  const existing = nearestExisting(path.resolve(file));
  const st = fs.statfsSync(existing);
  const device = fs.statSync(existing).dev;
  return {
    mount: mountPointOf(existing),
    device,
    totalBytes: st.blocks * st.bsize,
    freeBytes: st.bavail * st.bsize,
  };
}

function nearestExisting(file: string): string {
  let dir = file;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The longest mount point in /proc/self/mountinfo that holds the path; "/" when it cannot be read. */
export function mountPointOf(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return "/";
  }
  const real = fs.realpathSync(file);
  const mounts = text.split("\n").map((l) => unescapeMount(l.split(" ")[4] ?? ""));
  const holding = mounts.filter((m) => m && (real === m || real.startsWith(m.endsWith("/") ? m : `${m}/`)));
  return holding.sort((a, b) => b.length - a.length)[0] ?? "/";
}

/** mountinfo writes a space as \040 (and tabs, newlines and backslashes likewise in octal). */
function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
