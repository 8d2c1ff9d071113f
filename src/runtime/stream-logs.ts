import type { Readable } from "node:stream";
import { docker } from "./docker.js";
import { demuxLogs } from "./log-frames.js";

/** Copy a container's logs to our stdout/stderr; with follow, until the container stops or we are killed. */
export async function streamLogs(containerId: string, opts: { follow: boolean; tail: number }): Promise<void> {
  const engine = await docker();
  const container = engine.getContainer(containerId);
  if (!opts.follow) {
    const buf = (await container.logs({ stdout: true, stderr: true, tail: opts.tail, follow: false })) as unknown as Buffer;
    process.stdout.write(demuxLogs(buf));
    return;
  }
  const stream = (await container.logs({ stdout: true, stderr: true, tail: opts.tail, follow: true })) as unknown as Readable;
  engine.modem.demuxStream(stream, process.stdout, process.stderr);
  await new Promise<void>((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
  });
}
