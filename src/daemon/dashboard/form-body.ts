import type { Readable } from "node:stream";
import { SlipwayError } from "../../errors.js";

/** Dashboard forms are a token, a config value or a button: 64 KiB is plenty. */
const MAX_FORM_BYTES = 64 << 10;

/** A form post's fields; 413 past the limit, 400 for another content type. */
export async function readFormBody(body: Readable & { headers?: Record<string, unknown> }, type?: string) {
  if (type !== undefined && !type.startsWith("application/x-www-form-urlencoded"))
    throw new SlipwayError("bad-request", "the dashboard accepts form posts only", {
      hint: "send application/x-www-form-urlencoded",
    });
  let text = "";
  for await (const chunk of body) {
    text += (chunk as Buffer).toString("utf8");
    if (text.length > MAX_FORM_BYTES)
      throw new SlipwayError("too-large", `the form is over ${MAX_FORM_BYTES} bytes`, {
        hint: "config values this large belong in a file or volume",
      });
  }
  return new URLSearchParams(text);
}
