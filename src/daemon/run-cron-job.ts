import { spawn, type ChildProcess } from "node:child_process";
import { CLI } from "./run-cli.js";

const OUTPUT_TAIL = 2000;

export interface CronRunResult {
  exitCode: number;
  /** The last characters of the run's output, for the daemon log. */
  output: string;
}

/** One scheduled `slipway ARGV...` in a child process, so the Docker and ACME clients stay out of slipwayd. */
export function runCronJob(argv: string[], children: Set<ChildProcess>): Promise<CronRunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let output = "";
    const keep = (d: string) => (output = (output + d).slice(-OUTPUT_TAIL));
    child.stdout.setEncoding("utf8").on("data", keep);
    child.stderr.setEncoding("utf8").on("data", keep);
    child.once("error", (err) => keep(`\n${err.message}`));
    child.once("close", (code, signal) => {
      children.delete(child);
      resolve({ exitCode: code ?? (signal ? 128 : 1), output });
    });
  });
}
