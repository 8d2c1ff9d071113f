import type { ServerResponse } from "node:http";
import { SlipwayError } from "../errors.js";

/** SlipwayError codes that are the caller's doing; anything else is our failure (500). */
const STATUS_BY_CODE: Record<string, number> = {
  usage: 400,
  "bad-request": 400,
  "app-name": 400,
  "token-name": 400,
  "key-name": 400,
  "bad-template": 400,
  "bad-env": 400,
  "needs-build": 400,
  "no-image": 400,
  domain: 400,
  "image-only": 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  "no-app": 404,
  "not-deployed": 404,
  "no-service": 404,
  "no-config": 404,
  "no-release": 404,
  "no-domain": 404,
  "method-not-allowed": 405,
  busy: 409,
  "port-taken": 409,
  "domain-claimed": 409,
  "already-live": 409,
  "not-from-template": 409,
  "too-large": 413,
  "too-many-follows": 429,
};

export function statusOf(err: unknown): number {
  return err instanceof SlipwayError ? (STATUS_BY_CODE[err.code] ?? 500) : 500;
}

/** The one error shape the API answers with: {error: {code, message, hint}}. */
export function errorBody(err: unknown): { error: { code: string; message: string; hint?: string } } {
  if (err instanceof SlipwayError) return { error: { code: err.code, message: err.message, hint: err.hint } };
  return {
    error: {
      code: "internal",
      message: "unexpected error inside slipwayd",
      hint: "see slipwayd's log for details",
    },
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body, null, 2) + "\n";
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy(); // a stream already under way cannot change its status; cutting it tells the client it failed
    return;
  }
  sendJson(res, statusOf(err), errorBody(err), headers);
}
