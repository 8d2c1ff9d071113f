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
  const lower = raw.toLowerCase().replace(/\.$/, "");
  // Any ASCII besides letters, digits, dots and dashes is refused outright: URL parsing would
  // silently drop a "/path" or "?query", and nginx treats ; { } $ and quotes specially.
  if (/[^a-z0-9.-]/.test(lower.replace(/[^\x00-\x7f]/g, "")))
    throw refuse("only letters, digits, dots and dashes are allowed");
  const ascii = domainToASCII(lower);
  if (!ascii) throw refuse("not a valid hostname");
  // URL parsing also rewrites numeric forms (0x7f.1 becomes 127.0.0.1); a plain hostname comes back unchanged.
  if (/^[\x00-\x7f]*$/.test(lower) && ascii !== lower) throw refuse("not a plain hostname");
  if (ascii.length > 253) throw refuse("longer than 253 characters");
  const labels = ascii.split(".");
  if (labels.length < 1 || !labels.every((l) => LABEL.test(l))) {
    throw refuse(
      "each dot-separated part must be 1-63 letters, digits or dashes, not starting or ending with a dash",
    );
  }
  return ascii;
}

/** A routable hostname: a plain domain, or `*.` followed by one (nginx's leading wildcard). */
export function parseDomainPattern(raw: string): string {
  if (!raw.startsWith("*.")) return parseDomain(raw);
  const rest = parseDomain(raw.slice(2));
  if (!rest.includes(".")) {
    throw new SlipwayError(
      "domain",
      `invalid domain ${JSON.stringify(raw)}: a wildcard needs at least two labels after "*."`,
      {
        hint: "use a pattern like *.example.org",
      },
    );
  }
  return `*.${rest}`;
}

/** True when a certificate name (which may be `*.x`) covers a host or host pattern. */
export function nameCovers(certName: string, host: string): boolean {
  if (certName === host) return true;
  if (!certName.startsWith("*.") || host.startsWith("*.")) return false;
  const dot = host.indexOf(".");
  return dot > 0 && host.slice(dot) === certName.slice(1);
}

/**
 * True when nginx's server_name `pattern` matches `host` (itself a name or pattern): equal, or a
 * leading wildcard whose suffix ends the host. nginx's `*.x` matches any depth, unlike a certificate's.
 */
export function routeCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  return pattern.startsWith("*.") && host.endsWith(pattern.slice(1));
}
