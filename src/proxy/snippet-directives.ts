/**
 * What a repo's nginx snippet may say. Its directives sit inside the app's own `location /`, whose
 * only neighbour is the ACME token location; each entry says why it cannot reach past that.
 */
export const ALLOWED_DIRECTIVES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    add_header: "adds a header to this app's own responses",
    expires: "sets caching headers on this app's responses",
    etag: "toggles ETag on responses nginx itself makes, which here are only errors and redirects",
    charset: "labels this app's responses",
    default_type: "labels responses without a Content-Type",
    if_modified_since: "how nginx compares a date header; reads no file",
    client_max_body_size: "limits request bodies; bodies over the buffer go to nginx's own temp dir",
    client_body_buffer_size: "memory per request body, capped below",
    client_body_timeout: "a timeout on this app's connections",
    send_timeout: "a timeout on this app's connections",
    keepalive_timeout: "a timeout on this app's connections",
    proxy_read_timeout: "a timeout towards this app's own upstream",
    proxy_send_timeout: "a timeout towards this app's own upstream",
    proxy_connect_timeout: "a timeout towards this app's own upstream",
    proxy_buffering: "how this app's responses are relayed",
    proxy_request_buffering: "how requests are relayed to this app",
    proxy_buffer_size: "memory per response, capped below",
    proxy_buffers: "memory per response, capped below",
    proxy_busy_buffers_size: "memory per response, capped below",
    proxy_max_temp_file_size: "spills this app's responses to nginx's own temp dir",
    proxy_set_header: "headers sent to this app's own upstream; the upstream is fixed by Slipway",
    proxy_hide_header: "drops headers from this app's responses",
    proxy_pass_header: "passes headers of this app's responses",
    proxy_ignore_headers: "ignores headers of this app's responses",
    proxy_intercept_errors: "sends this app's errors to error_page, whose target is checked",
    proxy_redirect: "rewrites Location headers of this app's responses",
    proxy_cookie_path: "rewrites cookies of this app's responses",
    proxy_cookie_domain: "rewrites cookies of this app's responses",
    gzip: "compresses this app's responses",
    gzip_types: "compresses this app's responses",
    gzip_min_length: "compresses this app's responses",
    gzip_comp_level: "compresses this app's responses",
    gzip_proxied: "compresses this app's responses",
    gzip_vary: "compresses this app's responses",
    gzip_disable: "compresses this app's responses",
    allow: "restricts who reaches this app",
    deny: "restricts who reaches this app",
    limit_rate: "slows this app's responses",
    limit_rate_after: "slows this app's responses",
    return: "answers from nginx: a status, a text or a redirect to the client; reads no file",
    rewrite: "changes the URI; a target must start with / (or be a URL), so it lands in this location again",
    error_page: "an internal redirect like rewrite; a target must start with / (or be a URL)",
    set: "a variable of this request; Slipway's own $slipway_* variables are refused",
  }),
);

/** Paths Slipway's vhost answers itself; a snippet may not send requests there. */
const RESERVED_PATHS: ReadonlyMap<RegExp, string> = new Map([
  [/acme-challenge/i, "/.well-known/acme-challenge/, which Slipway reserves for Let's Encrypt tokens"],
  [/slipway-route/i, "/.well-known/slipway-route, where Slipway confirms its routes"],
]);

const MAX_BUFFER = 16 << 20;
const MAX_PROXY_BUFFERS = 64 << 20;
const URL_TARGET = /^(https?:\/\/|\$scheme:\/\/)/;
const BUFFERS = ["client_body_buffer_size", "proxy_buffer_size", "proxy_busy_buffers_size", "proxy_buffers"];

/** Why these arguments are refused, or undefined when they are fine; `args` are nginx tokens. */
export function unsafeArguments(name: string, args: string[]): string | undefined {
  const plain = args.map(unquote);
  for (const arg of plain) {
    const decoded = percentDecode(arg);
    if (decoded.includes(".."))
      return `has ".." in an argument (${arg}), which could walk out of a directory`;
    for (const [pattern, why] of RESERVED_PATHS) if (pattern.test(decoded)) return `mentions ${why}`;
  }
  if (name === "rewrite" && plain.length >= 2) return checkTarget(plain[1]);
  if (name === "error_page" && plain.length >= 2) return checkTarget(plain[plain.length - 1]);
  if (name === "set" && /^\$slipway_/i.test(plain[0] ?? "")) {
    return `may not change Slipway's own variable ${plain[0]}`;
  }
  return checkBufferSizes(name, plain);
}

// A URI without a leading slash matches no location, and nginx would serve it from the server's root.
function checkTarget(target: string): string | undefined {
  if (URL_TARGET.test(target) || target.startsWith("/")) return undefined;
  return `has the target ${target}, which must start with / or be an http(s) URL`;
}

function checkBufferSizes(name: string, args: string[]): string | undefined {
  if (!BUFFERS.includes(name)) return undefined;
  const size = bytes(args[args.length - 1] ?? "");
  const count = name === "proxy_buffers" ? Number(args[0]) : 1;
  if (size === undefined || !Number.isSafeInteger(count)) return undefined; // nginx -t judges the syntax
  if (size > MAX_BUFFER || count * size > MAX_PROXY_BUFFERS) {
    return "asks for more buffer memory per request than Slipway allows (16m a buffer, 64m in all)";
  }
  return undefined;
}

function bytes(size: string): number | undefined {
  const m = /^(\d+)([kKmMgG]?)$/.exec(size);
  if (!m) return undefined;
  const unit = { "": 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[m[2].toLowerCase() as "" | "k" | "m" | "g"];
  return Number(m[1]) * unit;
}

function unquote(token: string): string {
  return /^(".*"|'.*')$/s.test(token) ? token.slice(1, -1) : token;
}

// Decoded until stable (bounded), so %252e%252e is caught as well as %2e%2e.
function percentDecode(text: string): string {
  let out = text;
  for (let i = 0; i < 4; i++) {
    const next = out.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === out) break;
    out = next;
  }
  return out;
}
