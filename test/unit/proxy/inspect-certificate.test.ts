import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspectCertificate, splitPem } from "../../../src/proxy/inspect-certificate.js";
import { certificatesDue } from "../../../src/proxy/renew-certificates.js";
import { emptyRouting } from "../../../src/state/routing-state.js";
import { selfSigned } from "../../support/self-signed.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-cert-unit-"));

after(() => fs.rmSync(dir, { recursive: true, force: true }));

let good = "";
let other = "";
before(() => {
  good = selfSigned(dir, "shop", "DNS:shop.example.org,DNS:*.example.org", 30).bundle;
  other = selfSigned(dir, "other", "DNS:other.test").bundle;
});

test("reads names and expiry from a matching, current certificate", () => {
  const info = inspectCertificate(splitPem(good), ["shop.example.org", "www.example.org", "*.example.org"]);
  assert.deepEqual(info.names, ["shop.example.org", "*.example.org"]);
  assert.ok(info.notAfter.getTime() > Date.now() + 29 * 86_400_000);
});

test("refuses a key that is not the certificate's", () => {
  const mixed =
    good.split("-----BEGIN PRIVATE KEY-----")[0] +
    "-----BEGIN PRIVATE KEY-----" +
    other.split("-----BEGIN PRIVATE KEY-----")[1];
  assert.throws(
    () => inspectCertificate(splitPem(mixed), ["shop.example.org"]),
    /private key does not belong/,
  );
});

test("refuses an expired certificate and one that misses a host", () => {
  const later = new Date(Date.now() + 40 * 86_400_000);
  assert.throws(() => inspectCertificate(splitPem(good), ["shop.example.org"], later), /expired on/);
  assert.throws(
    () => inspectCertificate(splitPem(good), ["a.b.example.org", "example.org"]),
    /does not cover a\.b\.example\.org, example\.org/,
  );
});

test("refuses input without exactly one key or without a certificate", () => {
  assert.throws(() => splitPem("hello"), { code: "certificate" });
  assert.throws(() => splitPem(good + other), /2 key\(s\)/);
});

test("renewal is due for Let's Encrypt certificates inside the window only", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const cert = (days: number, source: "manual" | "letsencrypt") => ({
    id: "x",
    source,
    names: ["a.test"],
    notAfter: new Date(now.getTime() + days * 86_400_000).toISOString(),
  });
  const le = { email: "a@b.test" };
  const apps = [
    { app: "soon", routing: { ...emptyRouting(), cert: cert(10, "letsencrypt"), letsencrypt: le } },
    { app: "later", routing: { ...emptyRouting(), cert: cert(60, "letsencrypt"), letsencrypt: le } },
    { app: "manual", routing: { ...emptyRouting(), cert: cert(1, "manual") } },
    { app: "none", routing: emptyRouting() },
  ];
  assert.deepEqual(certificatesDue(apps, now, 30), ["soon"]);
  assert.deepEqual(certificatesDue(apps, now, 90), ["soon", "later"]);
});
