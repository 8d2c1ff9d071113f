import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Daemon } from "../support/daemon.js";
import { run, useServerWithApp } from "../support/harness.js";
import { selfSigned } from "../support/self-signed.js";

// curl (and so git) resolves every *.localhost name to loopback itself: no /etc/hosts edit needed.
const NAME = "slipway.localhost";
// What git sends first in a push: a pkt-line creating a ref, then a flush.
const RAW_PUSH = (() => {
  const line = `${"0".repeat(40)} ${"1".repeat(40)} refs/heads/evil\0 report-status\n`;
  return (line.length + 4).toString(16).padStart(4, "0") + line + "0000";
})();

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe("api:domain: the API and git over HTTPS through nginx", () => {
  const { h, work } = useServerWithApp("hello");
  const daemon = new Daemon(h);
  let token = "";
  let ca = "";
  let caFile = "";

  before(async () => {
    await daemon.start();
    token = (await h.slipway(["tokens:create", "ci", "--admin"])).stdout.trim();
    const cert = selfSigned(h.dir, "api", `DNS:${NAME}`);
    ca = cert.cert;
    caFile = path.join(h.dir, "api.crt");
    const set = await h.slipway(["api:domain", NAME], cert.bundle);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout + set.stderr, new RegExp(`served at https://${NAME}:${h.tlsPort}/api/v1/`));
  });
  after(() => daemon.stop());

  /** One bounded HTTPS request to nginx, by name (SNI and Host) on loopback. */
  function call(
    method: string,
    urlPath: string,
    opts: { token?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers = {
      host: `${NAME}:${h.tlsPort}`,
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    };
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: "127.0.0.1",
          port: h.tlsPort,
          servername: NAME,
          ca,
          method,
          path: urlPath,
          headers,
          timeout: 20_000,
          agent: false,
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8").on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.once("timeout", () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
      req.once("error", reject);
      req.end(opts.body);
    });
  }

  const repo = () => path.join(h.dir, "repos", "hello.git");

  it("answers the API with a token and 401 without, and redirects plain HTTP to HTTPS", async () => {
    const ok = await call("GET", "/api/v1/apps", { token });
    assert.equal(ok.status, 200, ok.body);
    assert.deepEqual(JSON.parse(ok.body), []);
    assert.equal((await call("GET", "/openapi.json", { token })).status, 200);
    const anonymous = await call("GET", "/api/v1/apps");
    assert.equal(anonymous.status, 401);
    assert.equal(
      JSON.parse(anonymous.body).error.code,
      "unauthorized",
      "slipwayd's own answer, through nginx",
    );
    const dashboard = await call("GET", "/login", {});
    assert.equal(dashboard.status, 200, "the dashboard is served on the same endpoint");
    assert.match(dashboard.body, /<form[^>]+action="\/login"/);
    const plain = await httpGet(h.nginxPort, NAME, "/api/v1/apps?x=1");
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, `https://${NAME}:${h.tlsPort}/api/v1/apps?x=1`);
    const report = JSON.parse((await h.slipway(["api:report", "--json"])).stdout);
    assert.equal(report[0].domain, NAME);
    assert.equal(report[0].url, `https://${NAME}:${h.tlsPort}`);
  });

  it("answers a raw unauthenticated receive-pack POST with 401 and creates nothing", async () => {
    const res = await call("POST", "/git/hello.git/git-receive-pack", {
      body: RAW_PUSH,
      headers: { "content-type": "application/x-git-receive-pack-request" },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers["www-authenticate"] ?? "", /^Basic /);
    assert.equal(fs.existsSync(repo()), false);
  });

  it("deploys a push of a 50 MB incompressible file over HTTPS", async () => {
    const tree = work();
    fs.writeFileSync(path.join(tree.dir, "big.bin"), crypto.randomBytes(50 << 20));
    tree.write(".dockerignore", "big.bin\n"); // the pack is what is measured, not the build context
    await tree.commit("50 MB of noise");
    fs.writeFileSync(caFile, ca);
    const url = `https://me:${token}@${NAME}:${h.tlsPort}/git/hello.git`;
    const push = await run(["git", "push", url, "master"], {
      cwd: tree.dir,
      // A transfer that stalls fails within a minute with curl's own message, not at the timeout.
      env: {
        ...h.clientEnv(),
        GIT_SSL_CAINFO: caFile,
        GIT_HTTP_LOW_SPEED_LIMIT: "1",
        GIT_HTTP_LOW_SPEED_TIME: "60",
      },
      timeoutMs: 240_000,
    });
    const log = () =>
      fs
        .readFileSync(path.join(h.state, "logs", "slipwayd.log"), "utf8")
        .split("\n")
        .slice(-8)
        .join("\n");
    assert.equal(
      push.code,
      0,
      `${push.stderr}\n${fs.readFileSync(path.join(h.dir, "nginx", "error.log"), "utf8")}\n${log()}`,
    );
    assert.match(push.stderr, /remote: -----> Deployed hello release 1/);
    assert.equal((await h.fetch("hello")).body, "hello v1\n");
    const size = await run(["git", "cat-file", "-s", "HEAD:big.bin"], { cwd: repo() });
    assert.equal(size.stdout.trim(), String(50 << 20), "the whole file arrived");
    const info = JSON.parse((await call("GET", "/api/v1/apps/hello", { token })).body);
    assert.equal(info.current.pushedBy, "token:ci");
  });

  it("refuses a name an app routes, and a certificate that does not cover the name, changing nothing", async () => {
    const vhost = path.join(h.dir, "vhosts", "_slipway-api.conf");
    const before = fs.readFileSync(vhost, "utf8");
    const taken = selfSigned(h.dir, "taken", `DNS:hello.${h.domain}`);
    const clash = await h.slipway(["api:domain", `hello.${h.domain}`], taken.bundle);
    assert.notEqual(clash.code, 0);
    assert.match(clash.stderr, /is already routed to app hello/);
    const other = await h.slipway(["api:domain", "other.localhost"], taken.bundle);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /does not cover other\.localhost/);
    assert.equal(fs.readFileSync(vhost, "utf8"), before);
    assert.equal((await call("GET", "/api/v1/apps", { token })).status, 200);
    const steal = await h.slipway(["domains:add", "hello", NAME]);
    assert.equal(steal.code, 1, steal.stderr);
    assert.match(steal.stderr, /is slipwayd's HTTPS endpoint \(api:domain\)/);
  });

  it("api:domain --remove takes the endpoint away", async () => {
    const removed = await h.slipway(["api:domain", "--remove"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(fs.existsSync(path.join(h.dir, "vhosts", "_slipway-api.conf")), false);
    await assert.rejects(
      call("GET", "/api/v1/apps", { token }),
      "nginx no longer has a certificate for the name",
    );
    assert.equal((await httpGet(h.nginxPort, NAME, "/api/v1/apps")).status, 404);
    assert.equal(JSON.parse((await h.slipway(["api:report", "--json"])).stdout)[0].domain, "none");
    assert.deepEqual(fs.readdirSync(path.join(h.state, "api", "tls")), [], "its certificate files are gone");
  });
});

function httpGet(port: number, host: string, urlPath: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port, path: urlPath, headers: { host }, timeout: 5000, agent: false },
      (res) => {
        res
          .resume()
          .on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: "" }));
      },
    );
    req.once("timeout", () => req.destroy(new Error(`GET ${urlPath} timed out`)));
    req.once("error", reject);
  });
}
