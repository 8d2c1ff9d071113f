import { domainToASCII } from "node:url";
import { SlipwayError } from "../errors.js";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * THE boundary for hostnames that reach nginx config: IDN becomes punycode, and only
 * dot-separated LDH labels survive, so nothing typed by a user is ever spliced in raw.
 */
export function parseDomain(raw: string): string {
  const refuse = (why: string) =>
    new SlipwayError("domain", `invalid domain ${JSON.stringify(raw)}: ${why}`, {
      hint: "use a hostname like example.org or app.example.test",
    });
  if (/[\s;{}$'"\\]/.test(raw)) throw refuse("it contains spaces or characters nginx treats specially");
  const ascii = domainToASCII(raw.toLowerCase().replace(/\.$/, ""));
  if (!ascii) throw refuse("not a valid hostname");
  if (ascii.length > 253) throw refuse("longer than 253 characters");
  const labels = ascii.split(".");
  if (labels.length < 1 || !labels.every((l) => LABEL.test(l))) {
    throw refuse("each dot-separated part must be 1-63 letters, digits or dashes, not starting or ending with a dash");
  }
  return ascii;
}
