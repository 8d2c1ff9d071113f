import { boundOutput } from "../state/push-output.js";

/** What a push printed, while it ran: the same bytes the pusher's git shows, kept for later reading. */
export interface OutputCapture {
  text(): string;
  stop(): void;
}

/** Copy everything written to stderr into a buffer bounded like the kept output; stop() restores stderr. */
export function capturePushOutput(stream: NodeJS.WriteStream = process.stderr): OutputCapture {
  const original = stream.write;
  let captured = "";
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    captured += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    // Re-bound only now and then, so a long build costs no quadratic copying.
    if (captured.length > 4 << 20) captured = boundOutput(captured);
    return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stream.write;
  return {
    text: () => boundOutput(captured),
    stop: () => void (stream.write = original),
  };
}
