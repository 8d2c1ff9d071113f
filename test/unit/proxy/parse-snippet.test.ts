import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSnippet } from "../../../src/proxy/parse-snippet.js";

test("keeps allowed location-level directives with their arguments as nginx tokens", () => {
  const text = "client_max_body_size 20m;\n# a comment\nadd_header X-Frame-Options \"SAMEORIGIN\" always;\nproxy_read_timeout 120s;\nproxy_set_header X-T 't=${msec}';\n";
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
    assert.throws(() => parseSnippet(text, "nginx/evil.conf"), (err: Error & { code?: string }) => {
      assert.equal(err.code, "snippet", text);
      assert.match(err.message, /nginx snippet nginx\/evil\.conf was refused/, text);
      assert.match(err.message, why, text);
      return true;
    });
  }
});

test("refuses arguments nginx would read as syntax and files that do not parse", () => {
  for (const text of ["add_header X a\\;b;", "add_header X \"unterminated;", "add_header\nX-A\ny;", "client_max_body_size 1m", "return 200 \"a\\\"b\";"]) {
    assert.throws(() => parseSnippet(text, "nginx-proxy.conf"), { code: "snippet" }, JSON.stringify(text));
  }
});
