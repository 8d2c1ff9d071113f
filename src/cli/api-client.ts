import { SlipwayError, usageError } from "../errors.js";

/** A deploy can take minutes (pulls nothing, but builds health gates); anything longer is stuck. */
const API_TIMEOUT_MS = 15 * 60_000;

export interface ApiTarget {
  base: URL;
  token: string;
}

/** --remote and --token (or SLIPWAY_TOKEN), checked before anything is sent. */
export function apiTarget(remote: string, token: string | undefined): ApiTarget {
  let base: URL;
  try {
    base = new URL(remote);
  } catch {
    throw usageError(
      `--remote ${JSON.stringify(remote)} is not a URL`,
      "--remote https://slipway.example.org",
    );
  }
  if (base.protocol !== "https:" && base.protocol !== "http:")
    throw usageError(
      `--remote must be an http(s) URL, got ${base.protocol}`,
      "--remote https://slipway.example.org",
    );
  if (!token)
    throw usageError(
      "--remote needs a token",
      "pass --token TOKEN or set SLIPWAY_TOKEN (make one on the server with `slipway tokens:create NAME`)",
    );
  return { base, token };
}

/** One JSON request to slipwayd; its `{error}` answers become SlipwayErrors with the server's message and hint. */
export async function callApi(
  target: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = new URL(
    path.replace(/^\//, ""),
    target.base.href.endsWith("/") ? target.base : `${target.base.href}/`,
  );
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
  } catch (err) {
    throw new SlipwayError(
      "api-unreachable",
      `cannot reach ${target.base.origin}: ${(err as Error).cause ?? (err as Error).message}`,
      { hint: "check --remote, and that slipwayd runs there", cause: err },
    );
  }
  const text = await res.text();
  const parsed = parseJson(text);
  if (res.ok) return parsed;
  const e = (parsed as { error?: { code?: string; message?: string; hint?: string } } | undefined)?.error;
  throw new SlipwayError(e?.code ?? "api", e?.message ?? `${method} ${url.pathname} answered ${res.status}`, {
    hint: e?.hint,
    exitCode: res.status === 409 ? 75 : 1,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
