/** The one error type: what failed, what to do next, and why it happened. */
export class SlipwayError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    opts: { hint?: string; cause?: unknown; exitCode?: number } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "SlipwayError";
    this.code = code;
    this.hint = opts.hint;
    // 1 = the request was refused or failed; 2 = usage; 75 = temporary (EX_TEMPFAIL), try again.
    this.exitCode = opts.exitCode ?? 1;
  }
}

/** Usage errors exit 2 so scripts can tell "you called it wrong" from "it failed". */
export function usageError(message: string, hint?: string): SlipwayError {
  return new SlipwayError("usage", message, { hint, exitCode: 2 });
}
