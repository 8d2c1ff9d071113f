import type { Readable, Writable } from "node:stream";
import { docker } from "./docker.js";
import { demuxLogs } from "./log-frames.js";

export interface LogStreamOptions {
  follow: boolean;
  tail: number;
  out?: Writable;
  err?: Writable;
  /** Stops following, e.g. when an HTTP client goes away. */
  signal?: AbortSignal;
  /** Called once the engine has answered, before the first byte: an HTTP caller can still pick its status until then. */
  onStart?: () => void;
}

/** Copy a container's logs to out/err (our stdout/stderr by default); with follow, until the container stops or signal fires. */
export async function streamLogs(containerId: string, opts: LogStreamOptions): Promise<void> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const engine = await docker();
  const container = engine.getContainer(containerId);
  if (!opts.follow) {
    const buf = (await container.logs({ stdout: true, stderr: true, tail: opts.tail, follow: false })) as unknown as Buffer;
    opts.onStart?.();
    out.write(demuxLogs(buf));
    return;
  }
  const stream = (await container.logs({ stdout: true, stderr: true, tail: opts.tail, follow: true })) as unknown as Readable;
  opts.onStart?.();
  engine.modem.demuxStream(stream, out, err);
  const stop = () => stream.destroy();
  opts.signal?.addEventListener("abort", stop, { once: true });
  await new Promise<void>((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
  });
  opts.signal?.removeEventListener("abort", stop);
}
