import { SlipwayError } from "../errors.js";
import { loadApp, type AppRecord } from "../state/app-state.js";

/** An API caller is not kept waiting behind a deploy: a busy app answers 409 within a second. */
export const API_LOCK_SECONDS = 1;

export function requireApp(app: string): AppRecord {
  const record = loadApp(app);
  if (!record)
    throw new SlipwayError("no-app", `there is no app named ${app}`, {
      hint: "GET /api/v1/deployments lists them; POST /api/v1/deployments creates one",
    });
  return record;
}

/** The request body as a JSON object, or a 400 that shows what to send. */
export function objectBody(body: unknown, example: string): Record<string, unknown> {
  if (typeof body === "object" && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>;
  throw new SlipwayError("bad-request", "the request body must be a JSON object", {
    hint: `e.g. ${example}`,
  });
}
