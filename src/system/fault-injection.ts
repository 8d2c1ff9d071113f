/**
 * TEST-ONLY fault injection. With SLIPWAY_FAULT_KILL_AT=<phase> in the environment, a deploy
 * SIGKILLs its own process on entering that phase, so the crash-recovery tests can interrupt
 * it exactly there. Never set it on a real server.
 */
export function faultPoint(phase: string): void {
  if (process.env.SLIPWAY_FAULT_KILL_AT === phase) process.kill(process.pid, "SIGKILL");
}
