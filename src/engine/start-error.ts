import { say } from "../output.js";

/**
 * The exit code a shell gives when the command cannot start, read from the engine's refusal:
 * 127 when there is no such command, 126 when it is not executable; undefined for other errors.
 */
export function startFailureCode(err: unknown): number | undefined {
  const text = err instanceof Error ? err.message : String(err);
  if (/executable file not found|no such file or directory/.test(text)) return 127;
  if (/permission denied/.test(text) && /exec/.test(text)) return 126;
  return undefined;
}

/** Say it as sh does (`sh: x: not found`), so the user sees their typo and not the engine's words. */
export function reportStartFailure(code: number, command: string): number {
  say.warn(`${command}: ${code === 127 ? "command not found" : "permission denied (not executable)"}`);
  return code;
}
