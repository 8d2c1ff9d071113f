import fs from "node:fs";

/**
 * Pids whose environment names this state directory: background `internal:retire` runs, hooks of
 * a push the test gave up on, cron one-offs. sshd hands SLIPWAY_STATE to every one of them.
 */
function pidsOnState(state: string): number[] {
  const needle = Buffer.from(`SLIPWAY_STATE=${state}\0`);
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`).includes(needle)) pids.push(pid);
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kill what still runs on `state` and wait, bounded, until each has exited. */
export async function stopStateProcesses(state: string): Promise<void> {
  const pids = pidsOnState(state);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited between the scan and the kill
    }
  }
  for (let i = 0; i < 50 && pids.some((pid) => fs.existsSync(`/proc/${pid}`)); i++) await sleep(100);
}

/**
 * Remove a test's directory. fs.rmSync's own maxRetries only retries the final rmdir, so a file
 * written after it listed the directory fails every retry; this starts over instead, bounded.
 */
export async function removeDir(dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      return;
    } catch (err) {
      if (attempt >= 20 || (err as NodeJS.ErrnoException).code !== "ENOTEMPTY") throw err;
      await sleep(250);
    }
  }
}
