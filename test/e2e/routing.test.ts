import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { WorkTree, useServerWithApp } from "../support/harness.js";
import { request } from "../support/request.js";

describe("routing: domains, auth, certificates and snippets through real nginx", () => {
  const { h, work: tree } = useServerWithApp("hello");
  let work: WorkTree;
  const http = (host: string, extra: { auth?: string; path?: string } = {}) => request({ port: h.nginxPort, host, ...extra });
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
    assert.deepEqual(list.map((r: { domain: string }) => r.domain), ["hello.e2e.test", "www.shop.test", "*.wild.test"]);
    const remove = await h.ssh("domains:remove hello *.wild.test");
    assert.equal(remove.code, 0, remove.stderr);
    assert.equal((await http("anything.wild.test")).status, 404);
    assert.equal((await http("www.shop.test")).status, 200);
  });

  it("refuses a domain another app already has, and changes nothing", async () => {
    const before = vhost();
    for (const [cmd, why] of [["domains:add other www.shop.test", /www\.shop\.test is already routed to app hello/], ["domains:add hello other.e2e.test", /already routed to app other/]] as const) {
      const res = await h.ssh(cmd);
      assert.equal(res.code, 1, cmd);
      assert.match(res.stderr, why);
    }
    assert.equal(vhost(), before);
    assert.equal((await http("other.e2e.test")).body, "hello v1\n");
  });

  it("refuses every hostile domain with a clear error and leaves vhost and state alone", async () => {
    const before = [vhost(), fs.readFileSync(routingFile("hello"), "utf8")];
    for (const raw of ["a.test; include /etc/passwd", "a.test\nserver {", "$host", "a.test}", "évil .test", "*.test", "a.test/x"]) {
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
