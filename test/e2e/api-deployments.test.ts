import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BASE_IMAGE, buildTestImage } from "../support/base-image.js";
import { Daemon } from "../support/daemon.js";
import { Harness, SLIPWAY_BIN, run, suiteLabels } from "../support/harness.js";

// httpd with a CGI that shows one env var: enough to see a deploy, a config change and a scale.
const WEB_FILES = {
  Dockerfile: `FROM ${BASE_IMAGE}\nCOPY www /www\nCMD exec httpd -f -p "$PORT" -h /www\n`,
  "www/index.html": "api web\n",
  "www/cgi-bin/greeting": `#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' "$GREETING"\n`,
};
const SECRET = "s3cret-value-not-to-echo";

interface Deployment {
  name: string;
  release: number | null;
  services: { name: string; containers: string[] }[];
  template: string | null;
  changed?: boolean;
  output?: string;
}

describe("slipwayd API: deployments, set_service, config, scale, rollback and remote deploy", () => {
  const h = new Harness();
  const daemon = new Daemon(h);
  let token = "";
  let image = "";
  const web = () => ({ image, env: { GREETING: "${GREETING:-none}" } });

  /** One JSON call; the status is checked by the caller, the body parsed here. */
  const call = async (method: string, urlPath: string, body?: unknown) => {
    const res = await daemon.request(method, urlPath, token, {
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: res.body, json: JSON.parse(res.body) };
  };
  const ok = async (method: string, urlPath: string, body?: unknown): Promise<Deployment> => {
    const res = await call(method, urlPath, body);
    assert.equal(res.status, 200, res.text);
    return res.json;
  };
  const containers = (d: Deployment, service: string) =>
    d.services.find((s) => s.name === service)?.containers ?? [];

  before(async () => {
    await h.start();
    image = `slipway-test/api-web:${h.id}`;
    await buildTestImage(image, WEB_FILES, suiteLabels(h.id));
    await daemon.start();
    token = (await h.slipway(["tokens:create", "controller", "--admin"])).stdout.trim();
  });
  after(async () => {
    await daemon.stop();
    await h.stop();
  });

  it("create_deployment then set_service: both idempotent; an identical spec keeps the container", async () => {
    const created = await ok("POST", "/api/v1/deployments", { name: "api-one" });
    assert.equal(created.release, null);
    assert.deepEqual(
      await ok("POST", "/api/v1/deployments", { name: "api-one" }),
      created,
      "creating again answers the same body",
    );
    const first = await ok("PUT", "/api/v1/deployments/api-one/services/web", web());
    assert.equal(first.changed, true);
    assert.match(first.output ?? "", /Plan: web added/);
    assert.equal((await h.fetch("api-one")).body, "api web\n");
    const again = await ok("PUT", "/api/v1/deployments/api-one/services/web", web());
    assert.equal(again.changed, false);
    assert.match(again.output ?? "", /Plan: web unchanged/);
    assert.equal(again.release, first.release);
    assert.deepEqual(containers(again, "web"), containers(first, "web"), "same container");
  });

  it("set_service before create_deployment creates it; create_deployment afterwards changes nothing", async () => {
    const set = await ok("PUT", "/api/v1/deployments/api-two/services/web", web());
    assert.equal(set.release, 1);
    const created = await ok("POST", "/api/v1/deployments", { name: "api-two" });
    assert.deepEqual(created, await ok("GET", "/api/v1/deployments/api-two"));
    assert.deepEqual(containers(created, "web"), containers(set, "web"));
    const list = (await ok("GET", "/api/v1/deployments")) as unknown as Deployment[];
    assert.deepEqual(
      list.map((d) => [d.name, d.release]),
      [
        ["api-one", 1],
        ["api-two", 1],
      ],
    );
  });

  it("refuses a bad spec with 400 naming the key path, and changes nothing", async () => {
    const before = await ok("GET", "/api/v1/deployments/api-one");
    const bad = await call("PUT", "/api/v1/deployments/api-one/services/worker", {
      image,
      ports: { http: 99999 },
      depends_on: ["db"],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, "bad-template");
    assert.match(
      bad.json.error.message,
      /api-one\/template\.yml:\d+:\d+ services\.worker\.ports\.http: must be a port 1-65535/,
    );
    assert.match(bad.json.error.message, /services\.worker\.depends_on\[0\]: no service named "db"/);
    const notMap = await call("PUT", "/api/v1/deployments/api-one/services/worker", ["not", "a", "map"]);
    assert.equal(notMap.status, 400);
    assert.equal((await call("PUT", "/api/v1/deployments/api-one/services/Bad_Name", web())).status, 400);
    assert.deepEqual(await ok("GET", "/api/v1/deployments/api-one"), before);
  });

  it("adds a second service without touching the first", async () => {
    const before = await ok("GET", "/api/v1/deployments/api-one");
    const added = await ok("PUT", "/api/v1/deployments/api-one/services/worker", {
      image,
      cmd: "exec sleep 3600",
    });
    assert.match(added.output ?? "", /web unchanged/);
    assert.match(added.output ?? "", /worker added/);
    assert.deepEqual(containers(added, "web"), containers(before, "web"));
    assert.equal(containers(added, "worker").length, 1);
    assert.match(added.template ?? "", /worker:/);
  });

  it("sets and unsets config without ever sending a value back", async () => {
    const set = await call("PUT", "/api/v1/deployments/api-one/config", { vars: { GREETING: SECRET } });
    assert.equal(set.status, 200, set.text);
    assert.ok(!set.text.includes(SECRET), "the answer does not echo the value");
    assert.deepEqual(set.json.names, ["GREETING"]);
    const names = await call("GET", "/api/v1/deployments/api-one/config");
    assert.deepEqual(names.json, { names: ["GREETING"] });
    assert.ok(!names.text.includes(SECRET));
    assert.equal(
      (await h.fetch("api-one", "/cgi-bin/greeting")).body,
      `${SECRET}\n`,
      "the restarted web sees it",
    );
    const badName = await call("PUT", "/api/v1/deployments/api-one/config", { vars: { "NOT-OK": "x" } });
    assert.equal(badName.status, 400);
    assert.equal((await call("DELETE", "/api/v1/deployments/api-one/config/MISSING")).status, 404);
    const unset = await call("DELETE", "/api/v1/deployments/api-one/config/GREETING");
    assert.equal(unset.status, 200, unset.text);
    assert.ok(!unset.text.includes(SECRET));
    assert.equal((await h.fetch("api-one", "/cgi-bin/greeting")).body, "none\n");
  });

  it("scales, lists containers and releases, and rolls back through the API", async () => {
    const scaled = await ok("POST", "/api/v1/deployments/api-one/scale", { web: 2 });
    assert.equal(containers(scaled, "web").length, 2);
    const ps = (await call("GET", "/api/v1/deployments/api-one/ps")).json as {
      service: string;
      state: string;
    }[];
    assert.deepEqual(
      ps.filter((r) => r.service === "web").map((r) => r.state),
      ["running", "running"],
    );
    assert.equal((await call("POST", "/api/v1/deployments/api-one/scale", { nope: 1 })).status, 404);
    assert.equal((await call("POST", "/api/v1/deployments/api-one/scale", { web: -1 })).status, 400);
    const releases = (await call("GET", "/api/v1/deployments/api-one/releases")).json as {
      release: number;
      live: boolean;
      by: string;
    }[];
    assert.equal(releases[0].live, true);
    assert.equal(releases[0].by, "token:controller", "a release made through the API names its token");
    const back = await ok("POST", "/api/v1/deployments/api-one/rollback", { release: 1 });
    assert.deepEqual(
      back.services.map((s) => s.name),
      ["web"],
      "release 1 ran only web",
    );
    assert.doesNotMatch(back.template ?? "", /worker:/, "the stored template follows the rollback");
    assert.equal(
      (await call("POST", "/api/v1/deployments/api-one/rollback", { release: back.release })).status,
      409,
    );
    assert.equal((await call("POST", "/api/v1/deployments/api-one/rollback", { release: 999 })).status, 404);
    assert.equal((await call("GET", "/api/v1/deployments/nope/ps")).status, 404);
  });

  it("manages domains through the API", async () => {
    const added = await call("POST", "/api/v1/deployments/api-two/domains", {
      domains: ["two.example.test"],
    });
    assert.equal(added.status, 200, added.text);
    assert.ok(added.json.domains.some((d: { domain: string }) => d.domain === "two.example.test"));
    const removed = await call("DELETE", "/api/v1/deployments/api-two/domains/two.example.test");
    assert.equal(removed.status, 200, removed.text);
    assert.ok(!removed.json.domains.some((d: { domain: string }) => d.domain === "two.example.test"));
  });

  it("slipway deploy --remote applies a template through the API and prints the server's plan", async () => {
    const file = path.join(os.tmpdir(), `slipway-remote-${h.id}.yml`);
    fs.writeFileSync(file, `services:\n  web:\n    image: ${image}\n`);
    try {
      const env = { ...h.env, SLIPWAY_TOKEN: token, SLIPWAY_STATE: path.join(h.dir, "elsewhere") };
      const deploy = await run([SLIPWAY_BIN, "deploy", file, "api-remote", "--remote", daemon.url], { env });
      assert.equal(deploy.code, 0, deploy.stderr);
      assert.match(deploy.stderr, /Plan: web added/);
      assert.match(deploy.stderr, /Deployed api-remote release 1/);
      assert.equal((await h.fetch("api-remote")).body, "api web\n");
      assert.ok(!fs.existsSync(path.join(h.dir, "elsewhere", "apps")), "the client's own state is untouched");
      const again = await run([SLIPWAY_BIN, "deploy", file, "api-remote", "--remote", daemon.url], { env });
      assert.match(again.stderr, /Nothing changed: release 1 of api-remote/);
      const denied = await run(
        [SLIPWAY_BIN, "deploy", file, "api-remote", "--remote", daemon.url, "--token", "slw_wrong"],
        { env },
      );
      assert.equal(denied.code, 1);
      assert.match(denied.stderr, / ! {5}.*token/i);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
