import http from "node:http";
import type { Writable } from "node:stream";
import { SlipwayError } from "../errors.js";
import { createFrameDemuxer } from "./frame-demuxer.js";

export interface EngineLogOptions {
  follow: boolean;
  tail: number;
  signal: AbortSignal;
  /** Called once the engine has answered 200, before the first byte is written. */
  onStart: () => void;
}

/**
 * A container's logs straight from the engine's HTTP API on its unix socket. slipwayd does not
 * load dockerode: its gRPC and SSH dependencies alone would double the daemon's resident memory.
 */
export function copyContainerLogs(containerId: string, out: Writable, opts: EngineLogOptions): Promise<void> {
  const query = new URLSearchParams({
    stdout: "1",
    stderr: "1",
    follow: opts.follow ? "1" : "0",
    tail: String(opts.tail),
  });
  const socketPath = process.env.DOCKER_SOCKET || "/var/run/docker.sock";
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        socketPath,
        path: `/containers/${encodeURIComponent(containerId)}/logs?${query}`,
        signal: opts.signal,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(engineError(res.statusCode ?? 0));
        }
        opts.onStart();
        const demux = createFrameDemuxer((payload) => out.write(payload));
        res.on("data", demux);
        res.once("end", resolve);
        res.once("close", resolve);
      },
    );
    req.once("error", (err) =>
      opts.signal.aborted
        ? resolve()
        : reject(
            new SlipwayError("docker", `cannot reach the Docker engine: ${err.message}`, { cause: err }),
          ),
    );
  });
}

function engineError(status: number): SlipwayError {
  if (status === 404)
    return new SlipwayError("not-deployed", "the live release's container is gone", {
      hint: "push again to start a new release",
    });
  return new SlipwayError("docker", `the Docker engine answered ${status} to a logs request`, {
    hint: "see the engine's log",
  });
}
