import { SlipwayError } from "./errors.js";

/** Set by slipwayd for the commands it runs: the error is also printed as one JSON line it can parse. */
export const ERROR_JSON_ENV = "SLIPWAY_ERROR_JSON";
export const ERROR_JSON_PREFIX = " !json ";

/** The one place errors reach the user: ` !     message`, a hint, and the stack only with --verbose. */
export function printError(err: unknown, verbose: boolean): void {
  const known = err instanceof SlipwayError;
  const message = known ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  if (process.env[ERROR_JSON_ENV] === "1") {
    const body = known
      ? { code: err.code, message, hint: err.hint }
      : { code: "internal", message, hint: "this is a bug in Slipway" };
    process.stderr.write(`${ERROR_JSON_PREFIX}${JSON.stringify(body)}\n`);
    return;
  }
  const lines = message.split("\n").map((l, i) => (i === 0 ? ` !     ${l}` : l));
  process.stderr.write(lines.join("\n") + "\n");
  if (known && err.hint) process.stderr.write(` !     ${err.hint}\n`);
  if (!known && !verbose)
    process.stderr.write(` !     this is a bug in Slipway; run again with --verbose for details\n`);
  if (verbose && err instanceof Error) process.stderr.write(`${err.stack}\n`);
}
