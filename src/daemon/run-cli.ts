import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SlipwayError } from "../errors.js";

export const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
// The CLI's exit codes (src/errors.ts) carry over to the error codes the API maps to statuses.
const CODE_BY_EXIT: Record<number, string> = { 2: "usage", 75: "busy" };

/**
 * Run a Slipway command in a child process and fail with its own message and hint. Work that
 * needs the Docker client runs there, so slipwayd itself stays small while idle.
 */
export function runCli(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...argv], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) return resolve();
      const [message = `slipway ${argv[0]} failed (exit ${code})`, hint] = stderr.split("\n").filter((l) => l.startsWith(" !     ")).map((l) => l.slice(7));
      reject(new SlipwayError(CODE_BY_EXIT[code ?? 1] ?? "failed", message, { hint }));
    });
  });
}
