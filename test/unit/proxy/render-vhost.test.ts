import { test } from "node:test";
import assert from "node:assert/strict";
import { renderBaseConfig, renderVhost, type VhostPlan } from "../../../src/proxy/render-vhost.js";

const tls = { cert: "/state/apps/myapp/tls/x1/fullchain.pem", key: "/state/apps/myapp/tls/x1/key.pem" };
const plan: VhostPlan = {
  app: "myapp",
  release: 3,
  listen: { http: 80, https: 443 },
  upstreams: { web: [20001, 20002], api: [20003] },
  sites: [
    { hosts: ["myapp.example.org", "bücher.example"], service: "web" },
    { hosts: ["api.example.org", "*.api.example.org"], service: "api", tls },
  ],
  acmeWebroot: "/var/lib/slipway-acme",
  snippets: [],
};

test("backups follow the upstream's servers, marked backup, and change the route tag", () => {
  const withBackups = renderVhost({ ...plan, backups: { web: [20002, 20005], api: [20006] } });
  assert.match(
    withBackups,
    /^upstream slipway-myapp_web \{\n  server 127\.0\.0\.1:20001;\n  server 127\.0\.0\.1:20002;\n  server 127\.0\.0\.1:20005 backup;\n  keepalive 16;\n\}$/m,
    "a port already serving is not listed again as a backup",
  );
  assert.match(withBackups, /server 127\.0\.0\.1:20003;\n  server 127\.0\.0\.1:20006 backup;/);
  const tag = (text: string) => /X-Slipway-Route ([0-9a-f]+)/.exec(text)![1];
  assert.notEqual(
    tag(withBackups),
    tag(renderVhost(plan)),
    "dropping the backups is a route change to confirm",
  );
  assert.throws(() => renderVhost({ ...plan, backups: { web: [70000] } }), /port/);
});

test("one upstream per routed service and a server per site", () => {
  const text = renderVhost(plan);
  assert.match(
    text,
    /^upstream slipway-myapp_web \{\n  server 127\.0\.0\.1:20001;\n  server 127\.0\.0\.1:20002;\n  keepalive 16;\n\}$/m,
  );
  assert.match(text, /^upstream slipway-myapp_api \{\n  server 127\.0\.0\.1:20003;\n/m);
  assert.match(text, /^  server_name myapp\.example\.org xn--bcher-kva\.example;$/m);
  assert.match(text, /proxy_pass http:\/\/slipway-myapp_web;/);
  assert.match(text, /proxy_set_header Connection \$slipway_connection;/);
  assert.match(text, /X-Request-Start "t=\$\{msec\}";/);
});

test("a site with a certificate gets an HTTPS server and HTTP redirects to it, keeping ACME challenges on HTTP", () => {
  const text = renderVhost(plan);
  const [redirect, secure] = text.split("server {\n").filter((s) => s.includes("api.example.org"));
  assert.match(redirect, /listen 80;/);
  assert.match(
    redirect,
    /location ~ \^\/\\\.well-known\/acme-challenge\/\(\[A-Za-z0-9_-\]\+\)\$ \{\n    auth_basic off;\n    default_type text\/plain;\n    alias \/var\/lib\/slipway-acme\/\$1;/,
  );
  assert.match(redirect, /return 301 https:\/\/\$host\$request_uri;/);
  assert.doesNotMatch(redirect, /proxy_pass/);
  assert.match(secure, /listen 443 ssl http2;/);
  assert.match(secure, /ssl_certificate \/state\/apps\/myapp\/tls\/x1\/fullchain\.pem;/);
  assert.match(secure, /ssl_protocols TLSv1\.2 TLSv1\.3;/);
  assert.match(secure, /proxy_pass http:\/\/slipway-myapp_api;/);
  assert.doesNotMatch(text, /Strict-Transport-Security/);
  const other = renderVhost({ ...plan, listen: { http: 8080, https: 8443 } });
  assert.match(other, /return 301 https:\/\/\$host:8443\$request_uri;/);
});

test("auth applies to serving servers, never to ACME challenges", () => {
  const text = renderVhost({ ...plan, authFile: "/etc/nginx/slipway-auth/myapp.htpasswd" });
  assert.equal(
    text.match(/auth_basic "myapp";\n  auth_basic_user_file \/etc\/nginx\/slipway-auth\/myapp\.htpasswd;/g)
      ?.length,
    2,
  );
  assert.doesNotMatch(renderVhost(plan), /auth_basic "/);
});

test("snippets land in location /, after the release header", () => {
  const snippets = [
    { file: "nginx/a.conf", name: "client_max_body_size", args: ["20m"] },
    { file: "nginx/a.conf", name: "add_header", args: ["X-A", '"a b"'] },
  ];
  const text = renderVhost({ ...plan, snippets });
  assert.match(
    text,
    /add_header X-Slipway-Release 3 always;\n    add_header X-Slipway-Route [0-9a-f]{12} always;\n    client_max_body_size 20m;\n    add_header X-A "a b";\n  \}/,
  );
});

test("the route tag changes with the routing, not with the ports nginx is checked on", () => {
  const tag = (p: VhostPlan) => /X-Slipway-Route ([0-9a-f]+)/.exec(renderVhost(p))![1];
  assert.equal(tag(plan), tag({ ...plan, listen: { http: 65080, https: 65443 } }));
  assert.notEqual(tag(plan), tag({ ...plan, authFile: "/etc/nginx/slipway-auth/myapp.htpasswd" }));
  assert.notEqual(tag(plan), tag({ ...plan, release: 4 }));
});

test("hostile values throw before any text is produced", () => {
  const site = plan.sites[0];
  assert.throws(() => renderVhost({ ...plan, app: "x; }" }), { code: "app-name" });
  assert.throws(() => renderVhost({ ...plan, app: "../etc" }), { code: "app-name" });
  for (const host of [
    "a.test; location / { return 200; }",
    "a.test\n}",
    "$host",
    "a.test; include /etc/passwd",
  ]) {
    assert.throws(
      () => renderVhost({ ...plan, sites: [{ ...site, hosts: [host] }] }),
      { code: "domain" },
      host,
    );
  }
  assert.throws(() => renderVhost({ ...plan, sites: [{ ...site, service: "web; include x" }] }), RangeError);
  assert.throws(() => renderVhost({ ...plan, sites: [{ ...site, service: "db" }] }), /no containers/);
  assert.throws(() => renderVhost({ ...plan, authFile: "/etc/x;include /etc/passwd" }), RangeError);
  assert.throws(() => renderVhost({ ...plan, acmeWebroot: "/var/../etc" }), RangeError);
  assert.throws(
    () => renderVhost({ ...plan, sites: [{ ...site, tls: { ...tls, key: "/k {" } }] }),
    RangeError,
  );
  assert.throws(
    () => renderVhost({ ...plan, snippets: [{ file: "x", name: "include", args: ["/etc/passwd"] }] }),
    { code: "snippet" },
  );
  assert.throws(
    () => renderVhost({ ...plan, snippets: [{ file: "x", name: "add_header", args: ["a;", "b"] }] }),
    { code: "snippet" },
  );
});

test("ports outside 1-65535 or not integers throw", () => {
  for (const p of [0, -1, 65536, 80.5, NaN, Infinity]) {
    assert.throws(() => renderVhost({ ...plan, listen: { http: p, https: 443 } }), RangeError, `listen ${p}`);
    assert.throws(() => renderVhost({ ...plan, listen: { http: 80, https: p } }), RangeError, `tls ${p}`);
    assert.throws(
      () => renderVhost({ ...plan, upstreams: { ...plan.upstreams, web: [20001, p] } }),
      RangeError,
      `upstream ${p}`,
    );
    assert.throws(() => renderBaseConfig({ http: p, https: 443 }), RangeError, `base ${p}`);
  }
  assert.match(renderVhost({ ...plan, listen: { http: 65535, https: 443 } }), /listen 65535;/);
});

test("base config: 404 catch-all on HTTP, handshake refused or 421 for unknown names on HTTPS, and the upgrade map", () => {
  const text = renderBaseConfig({ http: 8080, https: 8443 });
  assert.match(text, /^  listen 8080 default_server;\n  server_name _;\n  return 404;$/m);
  assert.match(
    text,
    /^  listen 8443 ssl default_server;\n  server_name _;\n  ssl_reject_handshake on;\n  return 421;$/m,
  );
  assert.match(text, /map \$http_upgrade \$slipway_connection \{\n  default upgrade;\n  "" "";\n\}/);
  assert.doesNotMatch(text, /\[::\]/);
});

test("with ipv6, every server listens on [::] too, on the same ports and with the same parameters", () => {
  const listen = { http: 8080, https: 8443, ipv6: true };
  const base = renderBaseConfig(listen);
  assert.match(
    base,
    /^  listen 8080 default_server;\n  listen \[::\]:8080 default_server;\n  server_name _;$/m,
  );
  assert.match(
    base,
    /^  listen 8443 ssl default_server;\n  listen \[::\]:8443 ssl default_server;\n  server_name _;$/m,
  );
  const text = renderVhost({ ...plan, listen });
  assert.equal(
    text.match(/^  listen 8080;\n  listen \[::\]:8080;$/gm)?.length,
    2,
    "both sites' HTTP servers",
  );
  assert.equal(text.match(/^  listen 8443 ssl http2;\n  listen \[::\]:8443 ssl http2;$/gm)?.length, 1);
  assert.doesNotMatch(renderVhost(plan), /\[::\]/);
});

test("the ACME location admits a bare token only; nothing else names the webroot", () => {
  const text = renderVhost(plan);
  const location = /location ~ (\S+) \{/.exec(text)![1];
  const re = new RegExp(location); // PCRE and JavaScript read this pattern alike
  assert.ok(re.test("/.well-known/acme-challenge/Ab_-09"));
  for (const uri of [
    "/.well-known/acme-challenge/../../etc/passwd",
    "/.well-known/acme-challenge/",
    "/.well-known/acme-challenge/a/b",
    "/.well-known/acme-challenge/%2e%2e",
    "/.well-known/acme-challenge/a.b",
    "/x/.well-known/acme-challenge/a",
  ]) {
    assert.ok(!re.test(uri), uri);
  }
  assert.equal(text.match(/slipway-acme/g)?.length, 2, "one alias per HTTP server");
});

test("each HTTP server answers the route check itself, from loopback only, before auth", () => {
  const text = renderVhost({ ...plan, authFile: "/etc/nginx/slipway-auth/myapp.htpasswd" });
  const check =
    /  location = \/\.well-known\/slipway-route \{\n    if \(\$remote_addr !~ "\^\(127\\\.\|::1\$\)"\) \{\n      return 403;\n    \}\n    add_header X-Slipway-Release 3 always;\n    add_header X-Slipway-Route [0-9a-f]{12} always;\n    add_header X-Slipway-Worker \$pid always;\n    return 204;\n  \}/g;
  assert.equal(text.match(check)?.length, 2, "one in the plain site's server, one in the redirecting one");
  assert.equal(text.match(/X-Slipway-Worker/g)?.length, 2, "visitors' answers never carry a worker's pid");
  const secure = text.split("server {\n").find((s) => s.includes("listen 443"))!;
  assert.doesNotMatch(secure, /slipway-route/);
});

test("a stopped app's sites answer 503 naming it, keep ACME and the route marks, and proxy nothing", () => {
  const text = renderVhost({ ...plan, stopped: true });
  assert.doesNotMatch(text, /upstream|proxy_pass/);
  assert.match(text, /return 503 "myapp is stopped; `ps:start myapp` starts it again\.\\n";/);
  assert.match(text, /acme-challenge/);
  assert.match(text, /add_header X-Slipway-Route [0-9a-f]{12} always;\n    return 503/);
  assert.match(text, /return 301 https/, "a TLS site still redirects to HTTPS, which then says stopped");
});

test("Swarm tasks are upstreams at NODE:PORT; anything else is refused before nginx sees it", () => {
  const swarm = { ...plan, upstreams: { web: ["172.17.0.1:30001", "172.17.0.5:30002"], api: [20003] } };
  assert.match(
    renderVhost(swarm),
    /^upstream slipway-myapp_web \{\n  server 172\.17\.0\.1:30001;\n  server 172\.17\.0\.5:30002;\n/m,
  );
  for (const bad of ["172.17.0.1:0", "172.17.0.1", "evil; include /etc/passwd:80", "a:99999"])
    assert.throws(
      () => renderVhost({ ...plan, upstreams: { web: [bad], api: [20003] } }),
      /not an upstream|not a TCP/,
    );
});
