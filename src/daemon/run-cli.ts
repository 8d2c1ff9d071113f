import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SlipwayError } from "../errors.js";
import { ERROR_JSON_ENV, ERROR_JSON_PREFIX } from "../print-error.js";
import { scopeEnv, type AccessScope } from "../git/access-scope.js";

export const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
// When the child's error line is missing (it crashed), its exit code still says whose fault it was.
const CODE_BY_EXIT: Record<number, string> = { 2: "usage", 75: "busy" };

export interface CliResult {
  /** Data the command printed (`--json` listings). */
  stdout: string;
  /** Its progress lines (`-----> Plan: ...`), for the API caller to see what happened. */
  output: string;
}

/**
 * Run a Slipway command in a child process and fail with its own code, message and hint. Work that
 * needs the Docker client runs there, so slipwayd itself stays small while idle. `input` goes to
 * its stdin, so secrets and templates never appear in a process list.
 */
export function runCli(argv: string[], input?: string, by?: string, scope?: AccessScope): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // `by` names who asked (the dashboard's token), as git over HTTP does, so releases say who.
    const who = by === undefined ? {} : { SLIPWAY_KEY: `token:${by}` };
    // The child runs as a local caller: `scope` keeps a scoped token's deploy to images it may use.
    const limited = scope === undefined ? {} : scopeEnv(scope);
    const env = { ...process.env, [ERROR_JSON_ENV]: "1", ...who, ...limited };
    const child = spawn(process.execPath, [CLI, ...argv], {
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdin?.on("error", () => {}); // a child that fails before reading its input must not crash slipwayd
    child.stdin?.end(input);
    child.once("error", reject);
    child.once("close", (code) => {
      const output = stderr
        .split("\n")
        .filter((l) => l && !l.startsWith(ERROR_JSON_PREFIX))
        .join("\n");
      if (code === 0) return resolve({ stdout, output });
      reject(childError(argv, code, stderr));
    });
  });
}

/** The child's error, from the one JSON line it prints when ERROR_JSON_ENV is set. */
function childError(argv: string[], code: number | null, stderr: string): SlipwayError {
  const line = stderr.split("\n").find((l) => l.startsWith(ERROR_JSON_PREFIX));
  const fallback = CODE_BY_EXIT[code ?? 1] ?? "failed";
  if (!line)
    return new SlipwayError(fallback, `slipway ${argv[0]} failed (exit ${code})`, {
      hint: "see slipwayd's log",
    });
  const e = JSON.parse(line.slice(ERROR_JSON_PREFIX.length)) as {
    code?: string;
    message: string;
    hint?: string;
  };
  return new SlipwayError(e.code ?? fallback, e.message, { hint: e.hint });
}
