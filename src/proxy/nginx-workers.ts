import fs from "node:fs";

/** What /proc says of one process: its parent and when it started (clock ticks since boot). */
interface ProcStat {
  ppid: number;
  started: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in field 2 may hold spaces and parentheses: the fields after it follow the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), started: Number(fields[19]) };
  } catch {
    return undefined; // gone, or /proc hides other users' processes
  }
}

function title(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0+$/, "").replace(/\0/g, " ");
  } catch {
    return undefined;
  }
}

/** nginx's title for a worker that still accepts; one handling QUIT says "... is shutting down". */
const ACCEPTING = /^nginx: worker process$/;

/**
 * True when every accepting worker of `worker`'s master is of `worker`'s generation: the workers an
 * older config started have handled the reload's QUIT (closed their listeners) or exited. Workers of
 * one generation are forked together, so their start times lie within a clock tick of each other.
 * Undefined when /proc cannot tell (hidden, or the worker is gone): the caller falls back to waiting.
 */
export function onlyGenerationAccepts(worker: number): boolean | undefined {
  const self = procStat(worker);
  if (!self || !ACCEPTING.test(title(worker) ?? "")) return undefined;
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === worker) continue;
    const other = procStat(pid);
    if (other?.ppid !== self.ppid || other.started >= self.started - 1) continue;
    if (ACCEPTING.test(title(pid) ?? "")) return false;
  }
  return true;
}
