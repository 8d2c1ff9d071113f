/** What tells a server-side command that whoever asked for it is gone. */
const SIGNALS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGPIPE"] as const;
const PARENT_POLL_MS = 500;

/**
 * Call `gone` once when the client goes away: a signal (sshd's pty closing sends SIGHUP), our
 * output breaking (EPIPE), or our parent exiting. Without a pty sshd sends no signal when the
 * connection drops: it exits, and we are handed to init, so the parent check is what notices.
 * Returns the function that stops watching.
 */
export function onClientGone(gone: (why: string) => void): () => void {
  const parent = process.ppid;
  let fired = false;
  const fire = (why: string) => {
    if (fired) return;
    fired = true;
    gone(why);
  };
  const onSignal = (signal: NodeJS.Signals) => fire(signal);
  const onBroken = () => fire("output closed");
  for (const s of SIGNALS) process.on(s, onSignal);
  process.stdout.on("error", onBroken);
  process.stderr.on("error", onBroken);
  const timer = setInterval(() => process.ppid !== parent && fire("parent exited"), PARENT_POLL_MS);
  timer.unref();
  return () => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.stdout.off("error", onBroken);
    process.stderr.off("error", onBroken);
    clearInterval(timer);
  };
}
