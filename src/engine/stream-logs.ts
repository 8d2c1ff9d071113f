import type { LogSource } from "./log-sources.js";
import { docker } from "./docker.js";
import { demuxLogs } from "./log-frames.js";

/** Merge the recent logs of several containers and the kept lines, each prefixed (`logs -f` is followAppLogs). */
export async function streamLogs(
  sources: LogSource[],
  opts: { tail: number; kept?: LogLine[] },
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const kept = opts.kept ?? [];
  const width = Math.max(0, ...sources.map((s) => s.prefix.length), ...kept.map((l) => l.prefix.length));
  const lines = [...(await Promise.all(sources.map((s) => recentLines(s, opts.tail)))).flat(), ...kept];
  // Timestamps from the engine order lines across containers; they are dropped before printing.
  lines.sort((a, b) => a.time.localeCompare(b.time));
  for (const l of lines) out.write(`${l.prefix.padEnd(width)} | ${l.text}\n`);
}

/** A line kept by Slipway rather than the engine: a cron run's output, whose container is gone. */
export interface LogLine {
  time: string;
  prefix: string;
  text: string;
}

async function recentLines(source: LogSource, tail: number): Promise<LogLine[]> {
  const engine = await docker();
  const buf = (await engine
    .getContainer(source.containerId)
    .logs({ stdout: true, stderr: true, tail, follow: false, timestamps: true })
    .catch(() => Buffer.alloc(0))) as unknown as Buffer;
  return timedLines(buf, source.prefix);
}

/** The lines of an engine log read with `timestamps`, each with its time and the given prefix. */
export function timedLines(buf: Buffer, prefix: string): LogLine[] {
  return demuxLogs(buf)
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const space = line.indexOf(" ");
      return { time: line.slice(0, space), prefix, text: line.slice(space + 1) };
    });
}
