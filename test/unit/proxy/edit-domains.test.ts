import assert from "node:assert/strict";
import { test } from "node:test";
import { routeCovers } from "../../../src/proxy/domain.js";
import { claimClash } from "../../../src/proxy/edit-domains.js";

const shopA = [{ app: "a", names: ["a.e2e.test", "*.example.org", "www.shop.test"] }];

test("nginx wildcards cover hosts and longer wildcards at any depth, never the bare suffix", () => {
  assert.ok(routeCovers("*.example.org", "api.example.org"));
  assert.ok(routeCovers("*.example.org", "a.b.example.org"));
  assert.ok(routeCovers("*.example.org", "*.api.example.org"));
  assert.ok(routeCovers("api.example.org", "api.example.org"));
  for (const host of ["example.org", "api.example.org.evil", "apiexample.org", "*.org"])
    assert.ok(!routeCovers("*.example.org", host), host);
  assert.ok(!routeCovers("api.example.org", "*.example.org"));
});

test("a name another app holds, or one its wildcard covers, is refused naming that app", () => {
  assert.match(claimClash(["www.shop.test"], shopA)!.message, /www\.shop\.test is already routed to app a$/);
  for (const name of ["api.example.org", "x.y.example.org", "*.api.example.org"]) {
    const err = claimClash(["free.test", name], shopA);
    assert.equal(err?.code, "domain-claimed", name);
    assert.match(
      err!.message,
      new RegExp(
        `^${name.replace(/[.*]/g, "\\$&")} is covered by \\*\\.example\\.org, which is routed to app a$`,
      ),
    );
  }
});

test("a wildcard over another app's exact name is allowed: nginx keeps the exact name with its app", () => {
  const b = [{ app: "b", names: ["b.e2e.test", "api.other.org"] }];
  assert.equal(claimClash(["*.other.org", "free.test"], b), undefined);
  assert.equal(claimClash(["example.org"], shopA), undefined);
});
