import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Daemon } from "../support/daemon.js";
import { SLIPWAY_BIN, run, useServerWithApp } from "../support/harness.js";
import { Pebble } from "../support/pebble.js";
import { request } from "../support/request.js";

describe("Let's Encrypt against a real ACME server (pebble) on loopback", () => {
  const { h, work } = useServerWithApp("hello");
  let pebble: Pebble;
  let root = "";
  const settingsFile = () => path.join(h.state, "settings.json");
  const patchSettings = (letsencrypt: Record<string, unknown>) => {
    const s = JSON.parse(fs.readFileSync(settingsFile(), "utf8"));
    fs.writeFileSync(
      settingsFile(),
      JSON.stringify({ ...s, letsencrypt: { ...s.letsencrypt, ...letsencrypt } }),
    );
  };
  // The CLI trusts pebble's own listener the standard Node way, as an admin would for a private ACME server.
  const slipway = (args: string[]) =>
    run([SLIPWAY_BIN, ...args], { env: { ...h.env, NODE_EXTRA_CA_CERTS: pebble.caFile } });
  const secure = (host: string) => request({ port: h.tlsPort, host, tls: { ca: root } });
  const serial = async (host: string) => {
    const { X509Certificate } = await import("node:crypto");
    const fullchain = fs
      .readdirSync(path.join(h.state, "apps", "hello", "tls"))
      .map((id) => path.join(h.state, "apps", "hello", "tls", id, "fullchain.pem"));
    assert.equal(fullchain.length, 1, `one certificate on disk for ${host}`);
    return new X509Certificate(fs.readFileSync(fullchain[0])).serialNumber;
  };

  before(async () => {
    pebble = await new Pebble(path.join(h.dir, "pebble")).start(h.nginxPort);
    patchSettings({ directoryUrl: pebble.directoryUrl });
    const push = await work().push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    assert.equal((await slipway(["domains:add", "hello", "le.shop.test"])).code, 0);
    root = await pebble.issuingRoot();
  });
  after(() => pebble?.stop());

  it("issues a certificate through the HTTP-01 challenge served by nginx, and serves HTTPS with it", async () => {
    const res = await slipway(["letsencrypt:enable", "hello", "--email", "ops@shop.test"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /now serves a Let's Encrypt certificate valid until/);
    for (const host of ["hello.e2e.test", "le.shop.test"])
      assert.equal((await secure(host)).body, "hello v1\n", host);
    assert.equal((await request({ port: h.nginxPort, host: "le.shop.test" })).status, 301);
    assert.deepEqual(
      fs.readdirSync(path.join(h.dir, "acme")).filter((f) => !f.startsWith(".")),
      [],
      "challenge files are cleaned up",
    );
    const report = JSON.parse((await slipway(["certs:report", "--json"])).stdout);
    assert.equal(report[0].source, "letsencrypt");
  });

  it("auto-renew leaves certificates alone until they are due, then renews them", async () => {
    const first = await serial("hello.e2e.test");
    const idle = await slipway(["letsencrypt:auto-renew"]);
    assert.equal(idle.code, 0, idle.stderr);
    assert.match(idle.stderr, /Renewed 0 certificate/);
    assert.equal(await serial("hello.e2e.test"), first);
    patchSettings({ renewBeforeDays: 100_000 }); // every certificate is now inside the renewal window
    const renew = await slipway(["letsencrypt:auto-renew"]);
    assert.equal(renew.code, 0, renew.stderr);
    assert.match(renew.stderr, /Renewed 1 certificate\(s\): hello/);
    assert.notEqual(await serial("hello.e2e.test"), first);
    assert.equal((await secure("le.shop.test")).body, "hello v1\n");
  });

  it("slipwayd runs the renewal itself at the time set, and logs what it renewed", async () => {
    const first = await serial("hello.e2e.test");
    const at = new Date(Date.now() + 8000); // one run, a few seconds after the daemon has started
    patchSettings({
      renewBeforeDays: 100_000,
      renewSchedule: `${at.getSeconds()} ${at.getMinutes()} ${at.getHours()} * * *`,
    });
    const daemon = await new Daemon(h).start({ NODE_EXTRA_CA_CERTS: pebble.caFile });
    const renewals = () =>
      fs
        .readFileSync(path.join(h.state, "logs", "slipwayd.log"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((l) => l.job === "letsencrypt:auto-renew");
    try {
      const deadline = Date.now() + 90_000;
      while (!renewals().some((l) => l.message === "cron run finished")) {
        assert.ok(Date.now() < deadline, "no renewal run within 90s");
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await daemon.stop();
      patchSettings({ renewBeforeDays: 30, renewSchedule: "" });
    }
    const done = renewals().find((l) => l.message === "cron run finished");
    assert.equal(done.exitCode, 0, done.output);
    assert.match(done.output, /Renewed 1 certificate\(s\): hello/);
    assert.ok(renewals().some((l) => l.message === "cron run started"));
    assert.notEqual(await serial("hello.e2e.test"), first);
    assert.equal((await secure("hello.e2e.test")).body, "hello v1\n");
  });

  it("a failed challenge is reported and the running vhost keeps serving its certificate", async () => {
    const vhost = () => fs.readFileSync(path.join(h.dir, "vhosts", "hello.conf"), "utf8");
    const before = [vhost(), await serial("hello.e2e.test")];
    const webroot = path.join(h.dir, "acme");
    fs.chmodSync(webroot, 0o700); // nginx workers can no longer read the tokens: pebble's validation gets 403
    try {
      const res = await slipway(["letsencrypt:enable", "hello", "--email", "ops@shop.test"]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /the ACME server did not issue a certificate for hello/);
      assert.match(res.stderr, /the current routing is unchanged/);
    } finally {
      fs.chmodSync(webroot, 0o755);
    }
    assert.deepEqual([vhost(), await serial("hello.e2e.test")], before);
    assert.equal((await secure("hello.e2e.test")).body, "hello v1\n");
  });

  it("api:domain --letsencrypt serves slipwayd at its own name, renews with the apps, and a failed order changes nothing", async () => {
    const name = "slipway.shop.test";
    const daemon = await new Daemon(h).start();
    try {
      const token = (await slipway(["tokens:create", "le", "--admin"])).stdout.trim();
      const set = await slipway(["api:domain", name, "--letsencrypt", "ops@shop.test"]);
      assert.equal(set.code, 0, set.stderr);
      const api = (auth?: string) =>
        request({ port: h.tlsPort, host: name, path: "/api/v1/apps", tls: { ca: root }, auth });
      assert.equal((await api(`me:${token}`)).status, 200);
      assert.equal((await api()).status, 401);
      const apiSerial = async () => {
        const { X509Certificate } = await import("node:crypto");
        const dir = path.join(h.state, "api", "tls");
        return fs
          .readdirSync(dir)
          .map(
            (id) => new X509Certificate(fs.readFileSync(path.join(dir, id, "fullchain.pem"))).serialNumber,
          );
      };
      const first = await apiSerial();
      patchSettings({ renewBeforeDays: 100_000 });
      const renew = await slipway(["letsencrypt:auto-renew"]);
      patchSettings({ renewBeforeDays: 30 });
      assert.equal(renew.code, 0, renew.stderr);
      assert.match(renew.stderr, /Renewed 2 certificate\(s\): hello, slipway\.shop\.test/);
      const second = await apiSerial();
      assert.equal(second.length, 1, "the old certificate's files are gone");
      assert.notDeepEqual(second, first);
      const vhost = () => fs.readFileSync(path.join(h.dir, "vhosts", "_slipway-api.conf"), "utf8");
      const before = vhost();
      fs.chmodSync(path.join(h.dir, "acme"), 0o700); // pebble's validation gets 403
      try {
        const failed = await slipway(["api:domain", "other.shop.test", "--letsencrypt", "ops@shop.test"]);
        assert.equal(failed.code, 1);
        assert.match(failed.stderr, /did not issue a certificate for other\.shop\.test/);
      } finally {
        fs.chmodSync(path.join(h.dir, "acme"), 0o755);
      }
      assert.equal(vhost(), before, "the previous endpoint is back");
      assert.equal((await api(`me:${token}`)).status, 200);
    } finally {
      await daemon.stop();
    }
  });
});
