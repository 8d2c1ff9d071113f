import { execFile } from "node:child_process";
import { SlipwayError } from "../errors.js";

export interface ProgramResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run argv without a shell and collect its output; never throws for a non-zero exit. */
export function runProgram(
  argv: string[],
  opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProgramResult> {
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { cwd: opts.cwd, env: opts.env, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === "string") {
          reject(
            new SlipwayError("program-missing", `could not run ${file}: ${err.message}`, {
              cause: err,
              hint: `is ${file} installed? run configure-system.sh`,
            }),
          );
          return;
        }
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}
