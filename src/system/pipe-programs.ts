import { spawn, type ChildProcess } from "node:child_process";
import { SlipwayError } from "../errors.js";

export interface PipeResult {
  /** Exit codes of the producer and the consumer. */
  codes: [number, number];
  /** The consumer's stdout (restic's JSON summary), bounded. */
  stdout: string;
  /** Both programs' stderr, bounded, for error messages. */
  stderr: [string, string];
}

const KEEP_BYTES = 64 << 10;

/** Run `producer | consumer` without a shell: data streams through, nothing is held in memory. */
export function pipePrograms(
  producer: string[],
  consumer: string[],
  env: { producer?: NodeJS.ProcessEnv; consumer?: NodeJS.ProcessEnv } = {},
): Promise<PipeResult> {
  const from = start(producer, ["ignore", "pipe", "pipe"], env.producer);
  const to = start(consumer, ["pipe", "pipe", "pipe"], env.consumer);
  from.stdout!.pipe(to.stdin!);
  to.stdin!.on("error", () => from.kill("SIGTERM")); // the consumer died: stop feeding it
  const out = [tail(to.stdout!), tail(from.stderr!), tail(to.stderr!)];
  return Promise.all([exited(from, producer[0]), exited(to, consumer[0])]).then((codes) => ({
    codes,
    stdout: out[0](),
    stderr: [out[1](), out[2]()],
  }));
}

function start(argv: string[], stdio: ("ignore" | "pipe")[], env?: NodeJS.ProcessEnv): ChildProcess {
  return spawn(argv[0], argv.slice(1), { stdio: stdio as ["pipe", "pipe", "pipe"], env: env ?? process.env });
}

/** The last KEEP_BYTES of a stream, read as it comes so the program never blocks on a full pipe. */
function tail(stream: NodeJS.ReadableStream): () => string {
  let kept = "";
  stream.on("data", (chunk: Buffer) => (kept = (kept + chunk.toString("utf8")).slice(-KEEP_BYTES)));
  return () => kept;
}

function exited(child: ChildProcess, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", (err) =>
      reject(
        new SlipwayError("program-missing", `could not run ${file}: ${err.message}`, {
          cause: err,
          hint: `is ${file} installed? run configure-system.sh`,
        }),
      ),
    );
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
