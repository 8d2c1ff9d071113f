import { SlipwayError } from "../errors.js";

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** A service name as slipway.yml allows it, checked where it enters (API path, --service flag). */
export function parseServiceName(raw: string): string {
  if (SERVICE_NAME.test(raw)) return raw;
  throw new SlipwayError("bad-request", `${JSON.stringify(raw)} is not a service name`, {
    hint: "lowercase letters, digits and -, starting with a letter, at most 31",
  });
}
