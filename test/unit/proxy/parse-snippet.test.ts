import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parseSnippet } from "../../../src/proxy/parse-snippet.js";

test("keeps allowed location-level directives with their arguments as nginx tokens", () => {
  const text =
    "client_max_body_size 20m;\n# a comment\nadd_header X-Frame-Options \"SAMEORIGIN\" always;\nproxy_read_timeout 120s;\nproxy_set_header X-T 't=${msec}';\n";
  assert.deepEqual(parseSnippet(text, "nginx/app.conf"), [
    { file: "nginx/app.conf", name: "client_max_body_size", args: ["20m"] },
    { file: "nginx/app.conf", name: "add_header", args: ["X-Frame-Options", '"SAMEORIGIN"', "always"] },
    { file: "nginx/app.conf", name: "proxy_read_timeout", args: ["120s"] },
    { file: "nginx/app.conf", name: "proxy_set_header", args: ["X-T", "'t=${msec}'"] },
  ]);
});

test("refuses every directive off the allow-list, naming it", () => {
  const hostile: [string, RegExp][] = [
    ["include /etc/passwd;", /directive "include" is not allowed/],
    ["load_module modules/x.so;", /"load_module"/],
    ["listen 8080;", /"listen"/],
    ["root /etc;", /"root"/],
    ["alias /etc/;", /"alias"/],
    ["proxy_pass http://169.254.169.254;", /"proxy_pass"/],
    ["server { listen 1; }", /block directive "server"/],
    ["location /x { root /; }", /block directive "location"/],
    ["if ($host) { return 200; }", /block directive "if"/],
    ["content_by_lua_block { }", /"content_by_lua_block" is not allowed/],
    ["gzip on;\nssl_certificate /etc/ssl/private/key.pem;", /"ssl_certificate"/],
  ];
  for (const [text, why] of hostile) {
    assert.throws(
      () => parseSnippet(text, "nginx/evil.conf"),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, "snippet", text);
        assert.match(err.message, /nginx snippet nginx\/evil\.conf was refused/, text);
        assert.match(err.message, why, text);
        return true;
      },
    );
  }
});

test("refuses arguments nginx would read as syntax and files that do not parse", () => {
  for (const text of [
    "add_header X a\\;b;",
    'add_header X "unterminated;',
    "add_header\nX-A\ny;",
    "client_max_body_size 1m",
    'return 200 "a\\"b";',
  ]) {
    assert.throws(() => parseSnippet(text, "nginx-proxy.conf"), { code: "snippet" }, JSON.stringify(text));
  }
});

test("refuses arguments that walk with .., plain or percent-encoded, naming the directive", () => {
  const hostile: [string, string][] = [
    ["rewrite ^/leak/(.*)$ /.well-known/acme-challenge/../../../$1 last;", "rewrite"],
    ["rewrite ^/x/(.*)$ /a/%2e%2E/$1 last;", "rewrite"],
    ["rewrite ^/x/(.*)$ /a/%252e%252e/$1 last;", "rewrite"],
    ["proxy_intercept_errors on;\nerror_page 404 /../etc/passwd;", "error_page"],
    ['set $up "..";', "set"],
    ['add_header X-A "a/../b";', "add_header"],
  ];
  for (const [text, directive] of hostile) {
    assert.throws(
      () => parseSnippet(text, "nginx/evil.conf"),
      new RegExp(`directive "${directive}" has "\\.\\." in an argument`),
      text,
    );
  }
});

test("refuses anything that names the ACME challenge prefix Slipway reserves", () => {
  for (const text of [
    "rewrite ^/l/(.*)$ /.well-known/acme-challenge/$1 last;",
    "return 307 /.WELL-KNOWN/Acme-Challenge/t;",
    "error_page 404 =200 /.well-known/acme-challenge/x;",
    "set $p /.well-known/%61cme-challenge;",
  ]) {
    assert.throws(() => parseSnippet(text, "nginx/evil.conf"), /reserves for Let's Encrypt tokens/, text);
  }
});

test("refuses anything that names the route check Slipway's nginx answers itself", () => {
  for (const text of [
    "rewrite ^/l$ /.well-known/slipway-route last;",
    "return 307 /.well-known/Slipway-Route;",
    "error_page 404 =200 /.well-known/slipway%2droute;",
  ]) {
    assert.throws(
      () => parseSnippet(text, "nginx/evil.conf"),
      /slipway-route, where Slipway confirms its routes/,
      text,
    );
  }
});

test("internal redirect targets must start with / or be a URL; Slipway's variables stay its own", () => {
  for (const text of [
    "rewrite ^/l/ $arg_to last;",
    "rewrite ^/l/(.*)$ etc/$1 last;",
    "error_page 404 $arg_to;",
    "error_page 404 @acme;",
    "error_page 500 502 = x;",
  ]) {
    assert.throws(
      () => parseSnippet(text, "nginx/evil.conf"),
      /must start with \/ or be an http\(s\) URL/,
      text,
    );
  }
  assert.throws(
    () => parseSnippet('set $slipway_connection "close";', "n.conf"),
    /Slipway's own variable \$slipway_connection/,
  );
  const fine =
    "rewrite ^/old/(.*)$ /new/$1 permanent;\nrewrite ^/go$ https://example.org/ redirect;\n" +
    "error_page 502 503 =200 /maintenance.html;\nerror_page 404 $scheme://example.org/404;\nreturn 301 https://$host$request_uri;\n" +
    'set $lang en;\nadd_header X-A "a.b";';
  assert.equal(parseSnippet(fine, "nginx/ok.conf").length, 7);
});

test("caps buffer memory per request", () => {
  for (const text of [
    "client_body_buffer_size 2g;",
    "proxy_buffer_size 17m;",
    "proxy_buffers 1000 1m;",
    "proxy_busy_buffers_size 20000k;",
  ]) {
    assert.throws(() => parseSnippet(text, "nginx/big.conf"), /more buffer memory per request/, text);
  }
  assert.equal(
    parseSnippet("client_body_buffer_size 1m;\nproxy_buffers 16 4k;\nproxy_buffer_size 16m;", "n.conf")
      .length,
    3,
  );
});

test("every snippet of the hostile corpus is refused for the directive it names", () => {
  const dir = path.join(import.meta.dirname, "../../fixtures/snippets/hostile");
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const directive = /^# refused: (\S+)$/m.exec(text)![1];
    assert.throws(() => parseSnippet(text, file), new RegExp(`was refused: .*"${directive}"`), file);
  }
});
