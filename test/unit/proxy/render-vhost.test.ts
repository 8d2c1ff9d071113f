import { test } from "node:test";
import assert from "node:assert/strict";
import { renderBaseConfig, renderVhost } from "../../../src/proxy/render-vhost.js";

const plan = { release: 3, app: "myapp", domains: ["myapp.example.org", "bücher.example"], listen: 80, upstreamPorts: [20001, 20002] };

test("renders upstream, listen and server_name from the plan", () => {
  const text = renderVhost(plan);
  assert.match(text, /^upstream slipway-myapp \{\n  server 127\.0\.0\.1:20001;\n  server 127\.0\.0\.1:20002;\n  keepalive 16;\n\}$/m);
  assert.match(text, /^  listen 80;$/m);
  assert.match(text, /^  server_name myapp\.example\.org xn--bcher-kva\.example;$/m);
  assert.match(text, /proxy_pass http:\/\/slipway-myapp;/);
  assert.match(text, /proxy_set_header Connection \$slipway_connection;/);
  assert.match(text, /X-Request-Start "t=\$\{msec\}";/);
});

test("hostile app names and domains throw before any text is produced", () => {
  assert.throws(() => renderVhost({ ...plan, app: "x; }" }), { code: "app-name" });
  assert.throws(() => renderVhost({ ...plan, app: "../etc" }), { code: "app-name" });
  assert.throws(() => renderVhost({ ...plan, domains: ["a.test; location / { return 200; }"] }), { code: "domain" });
  assert.throws(() => renderVhost({ ...plan, domains: ["ok.test", "a.test\n}"] }), { code: "domain" });
});

test("ports outside 1-65535 or not integers throw", () => {
  for (const p of [0, -1, 65536, 80.5, NaN, Infinity]) {
    assert.throws(() => renderVhost({ ...plan, listen: p }), RangeError, `listen ${p}`);
    assert.throws(() => renderVhost({ ...plan, upstreamPorts: [20001, p] }), RangeError, `upstream ${p}`);
    assert.throws(() => renderBaseConfig(p), RangeError, `base ${p}`);
  }
  assert.match(renderVhost({ ...plan, listen: 65535 }), /listen 65535;/);
});

test("base config is a default_server catch-all returning 404 plus the upgrade map", () => {
  const text = renderBaseConfig(8080);
  assert.match(text, /^  listen 8080 default_server;$/m);
  assert.match(text, /^  server_name _;\n  return 404;$/m);
  assert.match(text, /map \$http_upgrade \$slipway_connection \{\n  default upgrade;\n  "" "";\n\}/);
});
