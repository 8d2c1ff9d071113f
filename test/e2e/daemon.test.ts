import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { apiRoutes } from "../../src/daemon/api-routes.js";
import { Daemon, SLIPWAYD_BIN } from "../support/daemon.js";
import { WorkTree, run, useServerWithApp } from "../support/harness.js";

// -vv makes httpd log each request's path; the nonce keeps the slow step out of Docker's layer cache.
const DOCKERFILE = `FROM slipway-test/busybox:1
COPY index.html /www/index.html
EXPOSE 5000
RUN echo build-started ${crypto.randomBytes(4).toString("hex")} && sleep 2 && echo build-finished
CMD exec httpd -f -vv -p "$PORT" -h /www
`;
// What git sends first in a push: a pkt-line creating a ref, then a flush.
const RAW_PUSH = (() => {
  const line = `${"0".repeat(40)} ${"1".repeat(40)} refs/heads/evil\0 report-status\n`;
  return (line.length + 4).toString(16).padStart(4, "0") + line + "0000";
})();

describe("slipwayd: tokens, git push over HTTP and the JSON API", () => {
  const { h, work: tree } = useServerWithApp("hello");
  const daemon = new Daemon(h);
  let work: WorkTree;
  let token = "";
  let revoked = "";

  before(async () => {
    work = tree();
    await daemon.start();
    token = (await h.slipway(["tokens:create", "ci", "--admin"])).stdout.trim();
    revoked = (await h.slipway(["tokens:create", "gone", "--admin"])).stdout.trim();
    assert.equal(
      (await daemon.request("GET", "/api/v1/apps", revoked)).status,
      200,
      "the second token works before it is revoked",
    );
    assert.equal((await h.slipway(["tokens:revoke", "gone"])).code, 0);
  });
  after(() => daemon.stop());

  const repoDir = () => path.join(h.dir, "repos", "hello.git");
  const refs = async () =>
    fs.existsSync(repoDir())
      ? (await run(["git", "for-each-ref"], { cwd: repoDir() })).stdout
      : "no repository";

  it("stores tokens hashed in a 0600 file and lists only their names", async () => {
    const file = path.join(h.state, "tokens.json");
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const text = fs.readFileSync(file, "utf8");
    assert.ok(!text.includes(token) && !text.includes(revoked), "no token in clear");
    assert.match(token, /^slw_[A-Za-z0-9_-]{43}$/);
    const list = await h.slipway(["tokens:list", "--json"]);
    assert.deepEqual(
      JSON.parse(list.stdout).map((t: { name: string }) => t.name),
      ["ci"],
    );
    const again = await h.slipway(["tokens:create", "ci", "--admin"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /a token named ci already exists/);
  });

  it("answers a raw receive-pack POST without credentials with 401 and creates nothing", async () => {
    const res = await daemon.request("POST", "/git/hello.git/git-receive-pack", undefined, {
      headers: { "content-type": "application/x-git-receive-pack-request" },
      body: RAW_PUSH,
    });
    assert.equal(res.status, 401);
    assert.match(res.headers["www-authenticate"] ?? "", /^Basic /);
    assert.equal(JSON.parse(res.body).error.code, "unauthorized");
    assert.equal(await refs(), "no repository");
  });

  it("refuses a push with a wrong or revoked token", async () => {
    for (const bad of ["slw_wrong", revoked]) {
      const push = await work.push(daemon.gitUrl("hello", bad));
      assert.notEqual(push.code, 0);
      assert.match(push.stderr, /Authentication failed/);
    }
    assert.equal(await refs(), "no repository");
  });

  it("deploys an authenticated push, streaming the build to the pusher while it runs", async () => {
    work.write("Dockerfile", DOCKERFILE);
    await work.commit("verbose httpd, slow build");
    let sawBuild = 0;
    const child = spawn("git", ["push", daemon.gitUrl("hello", token), "master"], {
      cwd: work.dir,
      env: h.clientEnv(),
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      if (!sawBuild && d.includes("build-started")) sawBuild = Date.now();
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /remote: -----> Deployed hello release 1/);
    assert.ok(
      sawBuild > 0 && Date.now() - sawBuild >= 1500,
      "build output arrived while the build was still running",
    );
    assert.equal((await h.fetch("hello")).body, "hello v1\n");
    const info = JSON.parse((await daemon.request("GET", "/api/v1/apps/hello", token)).body);
    assert.equal(info.current.pushedBy, "token:ci");
  });

  it("clones over HTTP", async () => {
    const clone = await run(
      ["git", "clone", "-q", daemon.gitUrl("hello", token), path.join(h.dir, "http-clone")],
      { env: h.clientEnv() },
    );
    assert.equal(clone.code, 0, clone.stderr);
    assert.equal(fs.readFileSync(path.join(h.dir, "http-clone", "index.html"), "utf8"), "hello v1\n");
  });

  it("rejects a push whose build fails, leaving the ref and the live release alone (a pack big enough to go chunked)", async () => {
    const before = await refs();
    work.write("Dockerfile", "FROM slipway-test/busybox:1\nRUN echo about to fail && exit 3\n");
    work.write("noise.bin", crypto.randomBytes(3 << 20).toString("base64")); // over git's 1 MB http.postBuffer
    await work.commit("broken");
    const push = await work.push(daemon.gitUrl("hello", token));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /about to fail/);
    assert.match(push.stderr, /pre-receive hook declined/);
    assert.equal(await refs(), before);
    assert.equal((await h.fetch("hello")).body, "hello v1\n");
    await work.git(["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("answers 401 on every route and git endpoint for a missing, wrong or revoked token, and changes nothing", async () => {
    const endpoints = [
      // Any parameter a future route adds gets a plausible value: the token is checked before it is read.
      ...apiRoutes.map((r) => ({
        method: r.method,
        path: r.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === "app" ? "hello" : "web")),
      })),
      { method: "GET", path: "/git/hello.git/info/refs?service=git-receive-pack" },
      { method: "POST", path: "/git/hello.git/git-receive-pack" },
      { method: "POST", path: "/git/hello.git/git-upload-pack" },
      { method: "GET", path: "/no/such/endpoint" },
    ];
    assert.ok(
      endpoints.some((e) => e.method === "DELETE"),
      "the table includes a route that changes state",
    );
    const before = await snapshot();
    for (const e of endpoints) {
      for (const [why, headers] of [
        ["missing", {}],
        ["wrong", bearer("slw_wrong")],
        ["revoked", bearer(revoked)],
        ["basic revoked", basic(revoked)],
      ] as const) {
        const res = await daemon.request(e.method, e.path, undefined, {
          headers,
          body: e.method === "GET" ? undefined : RAW_PUSH,
        });
        assert.equal(res.status, 401, `${e.method} ${e.path} with a ${why} token`);
        assert.equal(JSON.parse(res.body).error.code, "unauthorized");
      }
    }
    assert.equal(await snapshot(), before);
    assert.equal((await h.fetch("hello")).status, 200);
  });

  it("serves apps, app info, keys and an OpenAPI document made from the route table", async () => {
    const apps = JSON.parse((await daemon.request("GET", "/api/v1/apps", token)).body);
    assert.deepEqual(
      apps.map((a: { name: string; release: number }) => [a.name, a.release]),
      [["hello", 1]],
    );
    const keys = JSON.parse((await daemon.request("GET", "/api/v1/keys", token)).body);
    assert.equal(keys[0].name, "tester");
    assert.match(keys[0].fingerprint, /^SHA256:/);
    const doc = JSON.parse((await daemon.request("GET", "/openapi.json", token)).body);
    assert.equal(doc.openapi, "3.0.3");
    for (const r of apiRoutes)
      assert.ok(doc.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path} is documented`);
  });

  it("answers bad input with JSON errors and the right status", async () => {
    const cases: Array<[string, string, number, string]> = [
      ["GET", "/api/v1/apps/Bad..Name", 400, "app-name"],
      ["GET", "/api/v1/apps/hello/logs?lines=many", 400, "bad-request"],
      ["GET", "/api/v1/apps/nope", 404, "no-app"],
      ["DELETE", "/api/v1/apps/nope", 404, "no-app"],
      ["GET", "/api/v1/nothing", 404, "not-found"],
      ["PUT", "/api/v1/apps", 405, "method-not-allowed"],
      ["GET", "/git/hello.git/objects/info/packs", 404, "not-found"],
    ];
    for (const [method, urlPath, status, code] of cases) {
      const res = await daemon.request(method, urlPath, token);
      assert.equal(res.status, status, `${method} ${urlPath}`);
      const body = JSON.parse(res.body);
      assert.equal(body.error.code, code);
      assert.ok(body.error.message && body.error.hint, `${method} ${urlPath}: message and hint`);
    }
    // An app deployed by git push has no stored template for set_service to edit.
    const set = await daemon.request("PUT", "/api/v1/deployments/hello/services/web", token, {
      body: JSON.stringify({ image: "slipway-test/busybox:1" }),
    });
    assert.equal(set.status, 409, set.body);
    assert.equal(JSON.parse(set.body).error.code, "not-from-template");
    assert.equal(
      JSON.parse((await daemon.request("GET", "/api/v1/deployments/hello", token)).body).release,
      1,
      "nothing changed",
    );
  });

  it("shows logs, and with follow=1 streams new lines as they appear", async () => {
    await h.fetch("hello", "/before-logs");
    const past = await daemon.request("GET", "/api/v1/apps/hello/logs?lines=50", token);
    assert.equal(past.status, 200);
    assert.match(past.body, /before-logs/);
    const marker = `/follow-${crypto.randomBytes(4).toString("hex")}`;
    const seen = await followUntil(marker, () => h.fetch("hello", marker));
    assert.ok(seen, `${marker} appeared in the followed stream`);
  });

  it("lets one token follow at most 8 log streams at once, with a 429 that says what to do", async () => {
    const followUrl = `${daemon.url}/api/v1/apps/hello/logs?follow=1&lines=0`;
    const open = (t: string, stop: AbortController) =>
      fetch(followUrl, {
        headers: bearer(t),
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(20_000)]),
      });
    const stops = Array.from({ length: 8 }, () => new AbortController());
    try {
      const held = await Promise.all(stops.map((stop) => open(token, stop)));
      assert.deepEqual(
        held.map((r) => r.status),
        Array(8).fill(200),
      );
      const ninth = await daemon.request("GET", "/api/v1/apps/hello/logs?follow=1&lines=0", token);
      assert.equal(ninth.status, 429, ninth.body);
      const { error } = JSON.parse(ninth.body);
      assert.equal(error.code, "too-many-follows");
      assert.match(error.message, /already follows 8 log streams/);
      assert.match(error.hint, /close another logs\?follow=1 request/);
      assert.equal(
        (await daemon.request("GET", "/api/v1/apps/hello/logs?lines=1", token)).status,
        200,
        "plain log reads still work",
      );
      stops[0].abort(); // closing one frees its place (the daemon sees the close a moment later)
      let again = 0;
      for (let i = 0; i < 50 && again !== 200; i++) {
        const stop = new AbortController();
        const res = await open(token, stop).catch(() => undefined);
        again = res?.status ?? 0;
        if (again === 200) stops[0] = stop;
        else await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(again, 200, "a follow is allowed again once one closed");
    } finally {
      for (const stop of stops) stop.abort();
    }
  });

  it("answers 409 while a deploy holds the app's lock, and destroys the app once it is free", async () => {
    // flock runs cat, which holds the lock until its stdin closes (as a deploy's lock does).
    const holder = spawn("flock", [path.join(h.state, "locks", "app-hello.lock"), "cat"], {
      stdio: ["pipe", "pipe", "ignore"],
    });
    try {
      holder.stdin.write("x");
      await new Promise((r) => holder.stdout.once("data", r));
      const busy = await daemon.request("DELETE", "/api/v1/apps/hello", token);
      assert.equal(busy.status, 409, busy.body);
      assert.equal((await h.fetch("hello")).status, 200);
    } finally {
      holder.stdin.end();
      await new Promise((r) => holder.once("exit", r));
    }
    const gone = await daemon.request("DELETE", "/api/v1/apps/hello", token);
    assert.equal(gone.status, 200, gone.body);
    assert.deepEqual(JSON.parse(gone.body), { destroyed: "hello" });
    assert.equal((await h.fetch("hello")).status, 404);
    assert.equal((await daemon.request("GET", "/api/v1/apps/hello", token)).status, 404);
  });

  it("starts once: a second slipwayd finds the first and leaves it running", async () => {
    const second = await run([SLIPWAYD_BIN], { env: h.env, timeoutMs: 15_000 });
    assert.equal(second.code, 0);
    assert.match(second.stderr, /already running \(pid \d+\)/);
    assert.equal((await daemon.request("GET", "/api/v1/apps", token)).status, 200);
    const log = fs
      .readFileSync(path.join(h.state, "logs", "slipwayd.log"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.ok(
      log.some((e) => e.message === "request" && e.status === 401),
      "requests are logged as JSON",
    );
    assert.ok(!JSON.stringify(log).includes(token), "tokens never reach the log");
    assert.ok(
      log.some((e) => e.message === "cron scheduled" && e.jobs.includes("letsencrypt:auto-renew")),
      "certificate renewal is scheduled",
    );
  });

  /** Digest of what a request could change: state files, refs and containers. */
  async function snapshot(): Promise<string> {
    const hash = crypto.createHash("sha256");
    for (const f of fs.readdirSync(h.state, { recursive: true, encoding: "utf8" }).sort()) {
      const full = path.join(h.state, f);
      if (f.startsWith("logs") || !fs.statSync(full).isFile()) continue;
      hash.update(f).update(fs.readFileSync(full));
    }
    hash.update(await refs());
    hash.update((await run(["docker", "ps", "-aq", "--filter", `label=${h.label}`])).stdout);
    return hash.digest("hex");
  }

  /** Follow the logs, trigger() once the stream is open, and report whether marker arrives within 10s. */
  function followUntil(marker: string, trigger: () => Promise<unknown>): Promise<boolean> {
    return new Promise((resolve) => {
      const req = fetch(`${daemon.url}/api/v1/apps/hello/logs?follow=1&lines=0`, {
        headers: bearer(token),
        signal: AbortSignal.timeout(10_000),
      });
      req
        .then(async (res) => {
          assert.equal(res.status, 200);
          void trigger();
          const decoder = new TextDecoder();
          let text = "";
          for await (const chunk of res.body!) {
            text += decoder.decode(chunk as Uint8Array, { stream: true });
            if (text.includes(marker)) return resolve(true);
          }
          resolve(false);
        })
        .catch(() => resolve(false));
    });
  }
});

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function basic(token: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`anyone:${token}`).toString("base64")}` };
}
