import type { IncomingMessage, ServerResponse } from "node:http";
import { SlipwayError } from "../errors.js";
import { parseCgiHead } from "./cgi-response.js";

/** How long a finished backend's answer waits for the rest of the request. */
const REQUEST_TAIL_MS = 15_000;

/** Output held back before the request is read, at most; past it the answer starts anyway. */
const HELD_OUTPUT_BYTES = 1 << 20;

/**
 * Copy the CGI head into the HTTP status and headers once the request body is read, then stream
 * the body as it comes. The backend writes its head before it reads the pack, but nginx stops
 * forwarding a request body once the answer has begun, so a push through it would stall.
 */
export function relayCgi(
  out: NodeJS.ReadableStream,
  req: IncomingMessage,
  res: ServerResponse,
  tailMs = REQUEST_TAIL_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let held = Buffer.alloc(0);
    let started = false;
    let requestRead = req.complete;
    const write = (chunk: Buffer) => {
      // A slow client (a big clone) holds the backend back instead of filling our memory.
      if (!res.write(chunk)) {
        out.pause();
        res.once("drain", () => out.resume());
      }
    };
    const start = () => {
      const parsed =
        started || !(requestRead || held.length > HELD_OUTPUT_BYTES) ? undefined : parseCgiHead(held);
      if (!parsed) return;
      started = true;
      res.writeHead(parsed.status, parsed.headers);
      write(held.subarray(parsed.bodyStart));
    };
    req.once("end", () => ((requestRead = true), start()));
    out.on("data", (chunk: Buffer) => {
      if (started) return write(chunk);
      held = Buffer.concat([held, chunk]);
      start();
    });
    // A client that hung up must not stall the backend: its output is dropped and the push runs to its end.
    res.once("close", () => out.resume());
    out.once("error", reject);
    let answered = false;
    const answer = () => {
      if (answered) return;
      answered = true;
      requestRead = true;
      start();
      if (!started) return reject(new SlipwayError("git-http", "git http-backend ended without an answer"));
      res.end();
      resolve();
    };
    out.once("end", () => {
      if (requestRead || req.complete || req.destroyed) return answer();
      // The backend is done before the client finished sending (an error, or a last frame that is
      // late). curl over HTTP/2 can stop sending once an answer arrives and then wait for ever, so
      // the rest of the request is read and dropped first, for a bounded time.
      req.unpipe();
      req.resume();
      const timer = setTimeout(answer, tailMs);
      const done = () => (clearTimeout(timer), answer());
      req.once("end", done).once("close", done);
    });
  });
}
