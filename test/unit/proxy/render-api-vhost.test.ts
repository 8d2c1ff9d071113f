import assert from "node:assert/strict";
import { test } from "node:test";
import { apiRouteTag, renderApiVhost, type ApiVhostPlan } from "../../../src/proxy/render-api-vhost.js";

const plan: ApiVhostPlan = {
  domain: "Slipway.Example.org",
  listen: { http: 80, https: 443 },
  daemonPort: 7701,
  tls: { cert: "/var/lib/slipway/api/tls/abc/fullchain.pem", key: "/var/lib/slipway/api/tls/abc/key.pem" },
  acmeWebroot: "/var/lib/slipway-acme",
};
const tls = plan.tls!;

/** The directives inside `location PATH {`, one per line. */
function location(text: string, head: string): string[] {
  const start = text.indexOf(`location ${head} {`);
  assert.ok(start >= 0, `location ${head}`);
  return text
    .slice(start, text.indexOf("}", start))
    .split("\n")
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
}

test("renderApiVhost proxies /api/, /git/ and /openapi.json to slipwayd over TLS and redirects HTTP", () => {
  const text = renderApiVhost(plan);
  assert.match(text, /listen 80;\n  server_name slipway\.example\.org;\n/);
  assert.match(text, /listen 443 ssl http2;\n  server_name slipway\.example\.org;/);
  assert.match(text, /ssl_certificate \/var\/lib\/slipway\/api\/tls\/abc\/fullchain\.pem;/);
  assert.deepEqual(location(text, "/git/"), [
    "client_max_body_size 0;",
    "proxy_request_buffering off;",
    "proxy_pass http://127.0.0.1:7701;",
  ]);
  assert.deepEqual(location(text, "/api/"), [
    "client_max_body_size 2m;",
    "proxy_pass http://127.0.0.1:7701;",
  ]);
  assert.deepEqual(location(text, "= /openapi.json"), ["proxy_pass http://127.0.0.1:7701;"]);
  assert.deepEqual(location(text, "/"), [
    "add_header X-Slipway-Release 0 always;",
    `add_header X-Slipway-Route ${apiRouteTag(plan)} always;`,
    "return 301 https://slipway.example.org$request_uri;",
  ]);
  assert.deepEqual(location(text, '~ "^/\\.well-known/acme-challenge/([A-Za-z0-9_-]+)$"'), [
    "default_type text/plain;",
    "alias /var/lib/slipway-acme/$1;",
  ]);
  for (const line of ["proxy_buffering off;", "proxy_read_timeout 1h;", "proxy_http_version 1.1;"])
    assert.ok(text.includes(`  ${line}\n`), line);
});

test("renderApiVhost names a non-default TLS port in the redirect", () => {
  assert.match(
    renderApiVhost({ ...plan, listen: { http: 8080, https: 8443 } }),
    /return 301 https:\/\/slipway\.example\.org:8443\$request_uri;/,
  );
});

test("renderApiVhost without a certificate serves only the ACME challenge, over plain HTTP", () => {
  const text = renderApiVhost({ ...plan, tls: undefined });
  assert.doesNotMatch(text, /ssl|proxy_pass|listen 443/);
  assert.equal(location(text, "/").at(-1), "return 404;");
  assert.notEqual(
    apiRouteTag({ ...plan, tls: undefined }),
    apiRouteTag(plan),
    "the tag tells the two configs apart",
  );
  assert.match(text, /alias \/var\/lib\/slipway-acme\/\$1;/);
});

test("renderApiVhost refuses values nginx would read as syntax", () => {
  assert.throws(() => renderApiVhost({ ...plan, domain: "x; location / {" }), { code: "domain" });
  assert.throws(() => renderApiVhost({ ...plan, domain: "*.example.org" }), { code: "domain" });
  assert.throws(() => renderApiVhost({ ...plan, daemonPort: 0 }));
  assert.throws(() => renderApiVhost({ ...plan, tls: { ...tls, key: "/x; include /etc/passwd" } }));
});
