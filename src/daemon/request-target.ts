import { SlipwayError } from "../errors.js";

/**
 * The request's path and query. Only origin-form (`/path?query`) is served: an absolute URL, `*`
 * or anything `new URL` cannot read is a 400 here, never an exception outside the error path.
 */
export function parseRequestTarget(raw: string | undefined): URL {
  if (!raw?.startsWith("/")) throw badTarget(raw);
  try {
    // Prefixing the origin keeps `//x` a path instead of a scheme-relative URL with host x.
    return new URL(`http://localhost${raw}`);
  } catch {
    throw badTarget(raw);
  }
}

function badTarget(raw: string | undefined): SlipwayError {
  return new SlipwayError(
    "bad-request",
    `unusable request target ${JSON.stringify(raw?.slice(0, 200) ?? "")}`,
    {
      hint: "send a path such as /api/v1/apps (see GET /openapi.json)",
    },
  );
}
