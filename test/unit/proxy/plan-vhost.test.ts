import { test } from "node:test";
import assert from "node:assert/strict";
import { planVhost } from "../../../src/proxy/plan-vhost.js";
import { defaultSettings } from "../../../src/state/settings.js";
import { emptyRouting } from "../../../src/state/routing-state.js";
import { editDomains } from "../../../src/proxy/edit-domains.js";
import { letsencryptHosts } from "../../../src/proxy/letsencrypt.js";

const settings = { ...defaultSettings, domain: "paas.test" };
const target = { release: 7, services: { web: [20001], admin: [20002] }, defaultService: "web" };

test("default host and domains without --service go to the default service; others to theirs", () => {
  const routing = editDomains(
    editDomains(emptyRouting(), "add", ["example.org"]),
    "add",
    ["admin.example.org"],
    "admin",
  );
  const { plan, skipped } = planVhost(settings, "shop", target, routing);
  assert.deepEqual(
    plan.sites.map((s) => [s.service, s.hosts, !!s.tls]),
    [
      ["web", ["shop.paas.test", "example.org"], false],
      ["admin", ["admin.example.org"], false],
    ],
  );
  assert.deepEqual(skipped, []);
  assert.equal(plan.authFile, undefined);
});

test("a domain whose service is not running is left out and reported", () => {
  const routing = editDomains(emptyRouting(), "add", ["jobs.example.org"], "worker");
  const { plan, skipped } = planVhost(settings, "shop", target, routing);
  assert.deepEqual(
    plan.sites.flatMap((s) => s.hosts),
    ["shop.paas.test"],
  );
  assert.deepEqual(skipped, ["jobs.example.org (service worker is not running)"]);
});

test("hosts the certificate covers get TLS; the rest stay on HTTP; auth users give an htpasswd file", () => {
  const routing = {
    ...editDomains(emptyRouting(), "add", ["a.example.org", "b.other.test"]),
    auth: { alice: "$6$x$y" },
    cert: {
      id: "abc-123",
      source: "manual" as const,
      names: ["*.example.org"],
      notAfter: "2999-01-01T00:00:00.000Z",
    },
  };
  const { plan, uncovered } = planVhost(settings, "shop", target, routing);
  assert.deepEqual(uncovered, ["shop.paas.test", "b.other.test"]);
  const tls = plan.sites.find((s) => s.tls)!;
  assert.deepEqual(tls.hosts, ["a.example.org"]);
  assert.match(tls.tls!.key, /\/apps\/shop\/tls\/abc-123\/key\.pem$/);
  assert.equal(plan.authFile, "/etc/nginx/slipway-auth/shop.htpasswd");
});

test("domain edits: add replaces a domain's service, remove refuses unknown domains, set replaces all", () => {
  let s = editDomains(emptyRouting(), "add", ["a.test", "B.test."]);
  s = editDomains(s, "add", ["a.test"], "api");
  assert.deepEqual(s.domains, [{ name: "b.test" }, { name: "a.test", service: "api" }]);
  assert.throws(() => editDomains(s, "remove", ["c.test"]), { code: "no-domain" });
  assert.deepEqual(editDomains(s, "set", ["*.wild.test"]).domains, [{ name: "*.wild.test" }]);
  assert.throws(() => editDomains(s, "add", ["x.test"], "Web; include"), { code: "service" });
});

test("hostile domains are refused and the state is untouched", () => {
  const s = editDomains(emptyRouting(), "add", ["ok.test"]);
  for (const raw of [
    "a.test; include /etc/passwd",
    "a.test\nserver {",
    "$host",
    "évil .test",
    "a.test}",
    "",
  ]) {
    assert.throws(() => editDomains(s, "add", ["fine.test", raw]), { code: "domain" }, JSON.stringify(raw));
  }
  assert.deepEqual(s.domains, [{ name: "ok.test" }]);
});

test("Let's Encrypt asks for the routed hosts, but not wildcards, localhost names or domains of stopped services", () => {
  const routing = editDomains(
    editDomains(emptyRouting(), "add", ["shop.example", "*.shop.example"]),
    "add",
    ["jobs.example"],
    "worker",
  );
  assert.deepEqual(letsencryptHosts(settings, "shop", target, routing), ["shop.paas.test", "shop.example"]);
  assert.deepEqual(letsencryptHosts({ ...settings, domain: "localhost" }, "shop", target, routing), [
    "shop.example",
  ]);
});
