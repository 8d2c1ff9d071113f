import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { describe, it } from "node:test";
import { fetchVia, run, useServerWithApp, type RunResult } from "../support/harness.js";

// web keeps a volume and shows its config; `extra` stays out of previews. The shell stops on SIGTERM,
// so replacing and destroying containers takes no stop timeout.
const TEMPLATE = `services:
  web:
    build: .
    cmd: echo "$GREETING" > /www/greeting.txt; httpd -f -p "$PORT_HTTP" -h /www & trap 'kill $!; exit 0' TERM; wait
    ports: {http: assign}
    volumes: {data: /data}
  extra:
    build: .
    cmd: exec sleep 100000
    preview: false
`;

describe("branch previews", () => {
  const { h, work } = useServerWithApp("hello");
  const ok = (res: RunResult) => assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
  const at = (host: string, urlPath = "/") => fetchVia(h.nginxPort, `${host}.${h.domain}`, urlPath);
  const body = async (host: string, urlPath = "/") => (await at(host, urlPath)).body.trim();
  const labelled = async (kind: "ps" | "volume", app: string) => {
    const filter = kind === "ps" ? `label=slipway.app=${app}` : `name=slipway-test-${h.id}-${app}.`;
    const own = kind === "ps" ? ["--filter", `label=${h.label}`] : []; // another test file may have a shop
    const res = await run([
      "docker",
      kind,
      ...(kind === "ps" ? ["-a"] : ["ls"]),
      "-q",
      "--filter",
      filter,
      ...own,
    ]);
    return res.stdout.trim().split("\n").filter(Boolean);
  };
  const commitOn = async (branch: string, html: string, extra: string[] = []) => {
    ok(await work().git(["checkout", "-q", "-B", branch, "master", ...extra]));
    work().write("index.html", `${html}\n`);
    await work().commit(`${branch}: ${html}`);
  };
  const timings: string[] = [];
  const push = async (...refspecs: string[]) => {
    const started = Date.now();
    const res = await work().git(["push", h.remoteUrl("shop"), ...refspecs]);
    timings.push(`${refspecs.join(" ")} ${Date.now() - started} ms`);
    return res;
  };
  const scopedKey = async (name: string, apps: string) => {
    const key = path.join(h.dir, `${name}_key`);
    ok(await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key]));
    ok(await h.slipway(["keys:add", name, "--apps", apps], fs.readFileSync(`${key}.pub`, "utf8")));
    return key;
  };

  it("deploys, updates, refuses, limits and destroys previews of branches; production is untouched", async (t) => {
    work().write("slipway.yml", TEMPLATE);
    await work().commit("web and extra");
    ok(await h.ssh("apps:create shop"));
    ok(await h.ssh("config:set shop GREETING=production --no-restart"));
    ok(await push("master"));
    ok(await h.ssh("previews:enable shop --branches 'feature/*,Feature/*,fix-*' --max 2"));
    ok(await h.ssh("previews:config shop GREETING=preview"));

    // Two branches in one push: two previews, each at its own host with its own content and config.
    await commitOn("feature/a", "preview A");
    await commitOn("fix-b", "preview B");
    const both = await push("feature/a", "fix-b");
    ok(both);
    assert.match(both.stderr, /Preview of feature\/a is live: http:\/\/feature-a\.shop\.e2e\.test\//);
    assert.equal(await body("feature-a.shop"), "preview A");
    assert.equal(await body("fix-b.shop"), "preview B");
    assert.equal(await body("feature-a.shop", "/greeting.txt"), "preview");
    assert.equal(await body("shop"), "hello v1");
    assert.equal(await body("shop", "/greeting.txt"), "production");
    assert.equal((await labelled("ps", "shop")).length, 2, "production runs web and extra");
    assert.equal((await labelled("ps", "shop--feature-a")).length, 1, "a preview runs web alone");
    assert.equal((await labelled("volume", "shop--fix-b")).length, 1, "a preview has its own volume");
    const list = JSON.parse((await h.ssh("previews:list shop --json")).stdout);
    assert.deepEqual(list.map((p: { name: string }) => p.name).sort(), ["shop--feature-a", "shop--fix-b"]);

    // Over the limit: refused with the way out, nothing made.
    ok(await h.ssh("auth:set shop alice", undefined, { input: "s3cret" }));
    await commitOn("Feature/ÜBER_thing", "preview U");
    await commitOn("master", "hello v2");
    const over = await push("master", "Feature/ÜBER_thing");
    assert.notEqual(over.code, 0);
    const live = await withAuth(`shop.${h.domain}`, "alice:s3cret");
    assert.equal(live, "hello v1", "the rejected push deployed nothing, production included");
    assert.match(over.stderr, /shop already has 2 preview\(s\).*no preview of Feature\/ÜBER_thing was made/);
    assert.match(over.stderr, /previews:enable shop --max 3/);

    // Deleting a branch destroys its preview: containers, volumes and vhost.
    ok(await push(":fix-b"));
    assert.deepEqual(await labelled("ps", "shop--fix-b"), []);
    assert.deepEqual(await labelled("volume", "shop--fix-b"), []);
    assert.ok(!fs.existsSync(path.join(h.dir, "vhosts", "shop--fix-b.conf")));
    assert.notEqual(await body("fix-b.shop"), "preview B");

    // Now there is room; the name is made safe, and the preview inherits shop's HTTP auth.
    const safe = await push("Feature/ÜBER_thing");
    ok(safe);
    assert.match(safe.stderr, /http:\/\/feature-uber-thing\.shop\.e2e\.test\//);
    assert.equal((await at("feature-uber-thing.shop")).status, 401);
    assert.equal(await withAuth(`feature-uber-thing.shop.${h.domain}`, "alice:s3cret"), "preview U");

    // Destroyed by hand, a preview comes back from its next push as made: its host, behind shop's auth.
    ok(await h.ssh("apps:destroy shop--feature-uber-thing --force"));
    ok(await work().git(["checkout", "-q", "Feature/ÜBER_thing"]));
    work().write("index.html", "preview U2\n");
    await work().commit("U2");
    ok(await push("Feature/ÜBER_thing"));
    assert.equal((await at("feature-uber-thing.shop")).status, 401);
    assert.equal(await withAuth(`feature-uber-thing.shop.${h.domain}`, "alice:s3cret"), "preview U2");

    // An update goes live; a failed build is rejected and the preview keeps serving.
    ok(await work().git(["checkout", "-q", "feature/a"]));
    work().write("index.html", "preview A2\n");
    await work().commit("A2");
    ok(await push("feature/a"));
    assert.equal(await body("feature-a.shop"), "preview A2");
    work().write("Dockerfile", `${work().read("Dockerfile")}\nRUN false\n`);
    await work().commit("broken");
    const broken = await push("feature/a");
    assert.notEqual(broken.code, 0, "a failed preview build rejects the push");
    assert.equal(await body("feature-a.shop"), "preview A2");
    assert.equal(await withAuth(`shop.${h.domain}`, "alice:s3cret"), "hello v1");

    // A key scoped to shop reaches shop's previews; one scoped to sho does not.
    const shopKey = await scopedKey("shopkey", "shop");
    ok(await h.ssh("config shop--feature-a", shopKey));
    const shoKey = await scopedKey("shokey", "sho");
    const refused = await h.ssh("config shop--feature-a", shoKey);
    assert.equal(refused.code, 77, refused.stderr);
    const globKey = await scopedKey("globkey", "shop-*"); // `*` never spans `--`: no shop config via a preview
    const glob = await h.ssh("config shop--feature-a", globKey);
    assert.equal(glob.code, 77, glob.stderr);

    // A preview whose last push is older than --older-than is pruned; a fresher one stays.
    const record = path.join(h.state, "apps", "shop--feature-a", "app.json");
    const aged = JSON.parse(fs.readFileSync(record, "utf8"));
    aged.current.deployedAt = new Date(Date.now() - 15 * 86_400_000).toISOString();
    fs.writeFileSync(record, JSON.stringify(aged));
    const pruned = await h.ssh("previews:prune shop --older-than 14d", shopKey);
    ok(pruned);
    assert.match(pruned.stderr, /Pruned 1 preview\(s\) of shop: feature\/a/);
    assert.deepEqual(await labelled("ps", "shop--feature-a"), []);
    assert.equal((await labelled("ps", "shop--feature-uber-thing")).length, 1);

    const rename = await h.ssh("apps:rename shop boutique");
    assert.equal(rename.code, 1);
    assert.match(rename.stderr, /shop has 1 branch preview\(s\).*\n.*previews:disable shop/);

    // previews:disable destroys what is left.
    ok(await h.ssh("previews:disable shop", shopKey));
    assert.deepEqual(await labelled("ps", "shop--feature-uber-thing"), []);
    assert.deepEqual(await labelled("volume", "shop--feature-uber-thing"), []);
    assert.equal((await labelled("ps", "shop")).length, 2, "production keeps running");
    t.diagnostic(`pushes: ${timings.join(", ")}`);
  });

  /** GET with HTTP Basic credentials through the harness's nginx; one bounded request. */
  function withAuth(host: string, credentials: string): Promise<string> {
    const headers = { Host: host, Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` };
    return new Promise((resolve, reject) => {
      const req = http.get(
        { host: "127.0.0.1", port: h.nginxPort, path: "/", headers, timeout: 5000 },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve(text.trim()));
        },
      );
      req.once("timeout", () => req.destroy(new Error(`GET ${host} timed out`)));
      req.once("error", reject);
    });
  }
});
