import type { Readable } from "node:stream";
import { SlipwayError } from "../errors.js";

/** Requests carry small JSON documents (templates, settings); anything bigger is refused unread. */
export const MAX_BODY_BYTES = 1 << 20;

/** The request body parsed as JSON (undefined when empty): 400 if it is not JSON, 413 past the limit. */
export async function readJsonBody(body: Readable, limit = MAX_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new SlipwayError("too-large", `the request body is over ${limit} bytes`, {
        hint: "send a smaller JSON document",
      });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return undefined; // routes whose body is optional (rollback) accept none
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SlipwayError("bad-request", `the request body is not JSON: ${(err as Error).message}`, {
      hint: "send Content-Type: application/json with a JSON document",
      cause: err,
    });
  }
}
