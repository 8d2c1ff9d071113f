import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { WorkTree, useServerWithApp } from "../support/harness.js";
import { request } from "../support/request.js";
import { selfSigned } from "../support/self-signed.js";

describe("routing: domains, auth, certificates and snippets through real nginx", () => {
  const { h, work: tree } = useServerWithApp("hello");
  let work: WorkTree;
  const http = (host: string, extra: { auth?: string; path?: string } = {}) =>
    request({ port: h.nginxPort, host, ...extra });
  const vhost = () => fs.readFileSync(path.join(h.dir, "vhosts", "hello.conf"), "utf8");
  const routingFile = (app: string) => path.join(h.state, "apps", app, "routing.json");

  before(async () => {
    work = tree();
    for (const app of ["hello", "other"]) {
      const push = await work.push(h.remoteUrl(app));
      assert.equal(push.code, 0, push.stderr);
    }
  });

  it("adds, lists and removes domains, including a wildcard; unknown hosts get 404", async () => {
    const add = await h.ssh("domains:add hello www.shop.test *.wild.test");
    assert.equal(add.code, 0, add.stderr);
    assert.equal((await http("www.shop.test")).body, "hello v1\n");
    assert.equal((await http("anything.wild.test")).body, "hello v1\n");
    assert.equal((await http("nobody.test")).status, 404);
    const list = JSON.parse((await h.ssh("domains:list hello --json")).stdout);
    assert.deepEqual(
      list.map((r: { domain: string }) => r.domain),
      ["hello.e2e.test", "www.shop.test", "*.wild.test"],
    );
    const remove = await h.ssh("domains:remove hello *.wild.test");
    assert.equal(remove.code, 0, remove.stderr);
    assert.equal((await http("anything.wild.test")).status, 404);
    assert.equal((await http("www.shop.test")).status, 200);
  });

  it("refuses a domain another app already has, and changes nothing", async () => {
    const before = vhost();
    for (const [cmd, why] of [
      ["domains:add other www.shop.test", /www\.shop\.test is already routed to app hello/],
      [
        "domains:add hello other.e2e.test",
        /under the global domain e2e.test, where every APP.e2e.test belongs to app APP/,
      ],
    ] as const) {
      const res = await h.ssh(cmd);
      assert.equal(res.code, 1, cmd);
      assert.match(res.stderr, why);
    }
    assert.equal(vhost(), before);
    assert.equal((await http("other.e2e.test")).body, "hello v1\n");
  });

  it("two apps claiming the same domain at the same moment: exactly one gets it", async () => {
    for (let round = 0; round < 3; round++) {
      const domain = `race${round}.shop.test`;
      const [a, b] = await Promise.all([
        h.ssh(`domains:add hello ${domain}`),
        h.ssh(`domains:add other ${domain}`),
      ]);
      assert.deepEqual([a.code, b.code].sort(), [0, 1], `round ${round}: ${a.stderr} / ${b.stderr}`);
      const domainsOf = (app: string) =>
        fs.existsSync(routingFile(app)) ? JSON.parse(fs.readFileSync(routingFile(app), "utf8")).domains : [];
      const owners = ["hello", "other"].filter((app) =>
        domainsOf(app).some((d: { name: string }) => d.name === domain),
      );
      assert.equal(owners.length, 1, `round ${round}: ${domain} belongs to ${owners.join(" and ")}`);
      assert.equal((await h.ssh(`domains:remove ${owners[0]} ${domain}`)).code, 0);
    }
  });

  it("refuses every hostile domain with a clear error and leaves vhost and state alone", async () => {
    const before = [vhost(), fs.readFileSync(routingFile("hello"), "utf8")];
    for (const raw of [
      "a.test; include /etc/passwd",
      "a.test\nserver {",
      "$host",
      "a.test}",
      "évil .test",
      "*.test",
      "a.test/x",
    ]) {
      const res = await h.slipway(["domains:add", "hello", raw]);
      assert.equal(res.code, 1, raw);
      assert.match(res.stderr, /invalid domain/, raw);
    }
    assert.deepEqual([vhost(), fs.readFileSync(routingFile("hello"), "utf8")], before);
  });

  it("asks for a password once auth is set, readable by the unprivileged nginx worker", async () => {
    const set = await h.slipway(["auth:set", "hello", "alice"], "s3cret pass\n");
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await http("www.shop.test")).status, 401);
    assert.equal((await http("www.shop.test", { auth: "alice:wrong" })).status, 401);
    assert.equal((await http("www.shop.test", { auth: "alice:s3cret pass" })).body, "hello v1\n");
    const st = fs.statSync(path.join(h.dir, "auth", "hello.htpasswd"));
    assert.equal(st.mode & 0o777, 0o640);
    assert.equal(st.gid, 65534, "group of the setgid auth dir, so only nginx workers can read it");
    assert.equal(fs.statSync(routingFile("hello")).mode & 0o777, 0o600);
    assert.doesNotMatch(fs.readFileSync(routingFile("hello"), "utf8"), /s3cret/);
    assert.equal((await http("other.e2e.test")).status, 200, "other apps stay public");
    const remove = await h.slipway(["auth:remove", "hello"]);
    assert.equal(remove.code, 0, remove.stderr);
    assert.equal((await http("www.shop.test")).status, 200);
  });
});

describe("routing: certificates, snippets and isolation between apps", () => {
  const { h, work: tree } = useServerWithApp("hello");
  let work: WorkTree;
  const http = (host: string) => request({ port: h.nginxPort, host });

  const makeCert = (san: string) => selfSigned(fs.mkdtempSync(path.join(h.dir, "certs-")), "shop", san);

  before(async () => {
    work = tree();
    const push = await work.push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    const add = await h.slipway(["domains:add", "hello", "www.shop.test"]);
    assert.equal(add.code, 0, add.stderr);
  });

  it("refuses a certificate that does not cover the app's domains", async () => {
    const res = await h.slipway(["certs:add", "hello"], makeCert("DNS:elsewhere.test").bundle);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /does not cover www\.shop\.test/);
    assert.equal((await http("www.shop.test")).status, 200);
  });

  it("serves HTTPS with an added certificate, redirects HTTP to it, and rejects unknown names", async () => {
    const { bundle, cert: ca } = makeCert("DNS:www.shop.test");
    const empty = await h.ssh("certs:add hello");
    assert.match(empty.stderr, /expected PEM certificate\(s\) and exactly one private key/);
    const res = await h.slipway(["certs:add", "hello"], bundle);
    assert.equal(res.code, 0, res.stderr);
    const secure = await request({ port: h.tlsPort, host: "www.shop.test", tls: { ca } });
    assert.equal(secure.body, "hello v1\n");
    const plain = await http("www.shop.test");
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, `https://www.shop.test:${h.tlsPort}/`);
    assert.equal(
      (await http("hello.e2e.test")).status,
      200,
      "hosts the certificate does not cover stay on HTTP",
    );
    await assert.rejects(
      request({ port: h.tlsPort, host: "nobody.test", tls: { ca } }),
      /alert|handshake|socket/i,
    );
    const report = JSON.parse((await h.ssh("certs:report hello --json")).stdout);
    assert.equal(report[0].source, "manual");
    assert.ok(report[0].days_left >= 9);
  });

  it("serves plain HTTP again after certs:remove", async () => {
    const res = await h.ssh("certs:remove hello");
    assert.equal(res.code, 0, res.stderr);
    assert.equal((await http("www.shop.test")).body, "hello v1\n");
    assert.deepEqual(
      fs.readdirSync(path.join(h.state, "apps", "hello", "tls")),
      [],
      "the certificate files are gone",
    );
  });

  it("rejects a push whose snippet uses a forbidden directive, naming it, and keeps serving", async () => {
    fs.mkdirSync(path.join(work.dir, "nginx"), { recursive: true });
    work
      .write("nginx/evil.conf", "client_max_body_size 5m;\ninclude /etc/passwd;\n")
      .write("index.html", "hello v2\n");
    await work.commit("evil snippet");
    const push = await work.push(h.remoteUrl("hello"));
    assert.notEqual(push.code, 0);
    assert.match(
      push.stderr,
      /nginx snippet nginx\/evil\.conf was refused: directive "include" is not allowed/,
    );
    assert.doesNotMatch(push.stderr, /Building/, "refused before the build");
    assert.equal((await http("hello.e2e.test")).body, "hello v1\n");
  });

  it("rejects a push whose allowed snippet has a value nginx refuses, showing nginx's error", async () => {
    work.write("nginx/evil.conf", "client_max_body_size banana;\n");
    await work.commit("bad value");
    const push = await work.push(h.remoteUrl("hello"));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /nginx rejected the generated config, so it was not installed/);
    assert.match(push.stderr, /"client_max_body_size" directive invalid value/);
    assert.equal((await http("hello.e2e.test")).body, "hello v1\n");
  });

  it("one app's damaged routing state never blocks another app's deploy; an allowed snippet takes effect", async () => {
    const other = await work.push(h.remoteUrl("other"));
    assert.notEqual(other.code, 0, "other carries the evil snippet too");
    fs.mkdirSync(path.join(h.state, "apps", "other"), { recursive: true });
    fs.writeFileSync(
      path.join(h.state, "apps", "other", "routing.json"),
      '{"domains": [{"name": "a.test; include /etc/passwd"}',
    );
    work.write("nginx/evil.conf", "add_header X-Snippet yes always;\n");
    await work.commit("good snippet");
    const push = await work.push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    const page = await http("www.shop.test");
    assert.equal(page.body, "hello v2\n");
    assert.equal(page.headers["x-snippet"], "yes");
    assert.equal((await h.slipway(["domains:add", "hello", "shop.test"])).code, 0);
    const broken = await h.slipway(["domains:list", "other"]);
    assert.match(broken.stderr, /the routing state of other is unreadable/);
  });
});
