import { test } from "node:test";
import assert from "node:assert/strict";
import {
  describeScope,
  imageScope,
  LOCAL_CALLER,
  mayAccess,
  scopeEnv,
  scopeFromEnv,
  parseAppPatterns,
  readScope,
  requireAccess,
  requireAdmin,
  scopeFromFlags,
  type Caller,
} from "../../../src/git/access-scope.js";

const USAGE = "keys:add NAME --apps APP,...|--admin";

test("--apps takes app names and * patterns, and refuses anything else", () => {
  assert.deepEqual(parseAppPatterns("shop,blog-*,shop"), ["shop", "blog-*"]);
  assert.deepEqual(parseAppPatterns("*"), ["*"]);
  for (const bad of ["", "a,,b", "Shop", "../x", "a b", "a'b", "-x", "a.git", "a/b", "x".repeat(64)]) {
    assert.throws(() => parseAppPatterns(bad), { code: "usage" }, bad);
  }
});

test("scopeFromFlags wants exactly one of --admin and --apps, unless a default is given", () => {
  assert.equal(scopeFromFlags({ admin: true }, USAGE), "admin");
  assert.deepEqual(scopeFromFlags({ apps: "a,b" }, USAGE), { apps: ["a", "b"] });
  assert.throws(() => scopeFromFlags({}, USAGE), {
    code: "usage",
    message: /--apps APP,\.\.\. .* or --admin/,
  });
  assert.throws(() => scopeFromFlags({ admin: true, apps: "a" }, USAGE), {
    code: "usage",
    message: /not both/,
  });
  assert.equal(scopeFromFlags({}, USAGE, "admin"), "admin");
  assert.deepEqual(scopeFromFlags({ apps: "a" }, USAGE, "admin"), { apps: ["a"] });
});

test("patterns match whole app names, * within a name", () => {
  const scope = { apps: ["shop-*", "blog"] };
  for (const app of ["shop-a", "shop-x-1", "blog"]) assert.ok(mayAccess(scope, app), app);
  for (const app of ["shop", "blog2", "myblog", "xshop-a"]) assert.ok(!mayAccess(scope, app), app);
  assert.ok(mayAccess("admin", "anything"));
  assert.ok(!mayAccess({ apps: [] }, "a"));
});

test("stored scopes: none (before scopes) is admin, a malformed one reaches nothing", () => {
  assert.equal(readScope(undefined), "admin");
  assert.equal(readScope("admin"), "admin");
  assert.deepEqual(readScope({ apps: ["a", "B/../x", 3] }), { apps: ["a"] });
  for (const junk of ["root", 1, null, { apps: "a" }])
    assert.deepEqual(readScope(junk), { apps: [] }, JSON.stringify(junk));
  assert.equal(describeScope({ apps: ["a", "b-*"] }), "apps:a,b-*");
});

test("refusals exit 77 and name the app, the key or token and who can grant it", () => {
  const key: Caller = { kind: "key", name: "alice", scope: { apps: ["shop"] } };
  assert.throws(
    () => requireAccess(key, "blog"),
    (e: { code: string; exitCode: number; message: string; hint: string }) =>
      e.code === "forbidden" &&
      e.exitCode === 77 &&
      /key alice may not use app blog/.test(e.message) &&
      /keys:add alice --apps shop,blog/.test(e.hint),
  );
  requireAccess(key, "shop");
  const token: Caller = { kind: "token", name: "ci", scope: { apps: ["shop"] } };
  assert.throws(() => requireAdmin(token, "GET /api/v1/keys"), {
    code: "forbidden",
    message: /GET \/api\/v1\/keys is for admins, and token ci/,
  });
  requireAdmin({ ...token, scope: "admin" }, "x");
});

test("a scope holding APP holds APP's previews (APP--*), and only APP's", () => {
  const shop = { apps: ["shop"] };
  assert.ok(mayAccess(shop, "shop--feature-x"));
  assert.ok(mayAccess(shop, "shop--a--b"));
  assert.ok(!mayAccess({ apps: ["sho"] }, "shop--feature-x"));
  assert.ok(!mayAccess(shop, "shopx--feature"));
  assert.ok(!mayAccess({ apps: ["feature-x"] }, "shop--feature-x"));
  assert.ok(mayAccess({ apps: ["my--app"] }, "my--app--fix"));
});

test("a pattern's * never spans --: shop-* and *-x keys cannot reach shop's preview or its config", () => {
  for (const p of ["shop-*", "*-x", "shop-*-x", "*p-*", "sho*-x"])
    assert.ok(!mayAccess({ apps: [p] }, "shop--x"), p);
  assert.ok(mayAccess({ apps: ["shop-*"] }, "shop-blog--x"), "a preview of an app the pattern holds");
  assert.ok(mayAccess({ apps: ["*"] }, "shop--x"), "* holds every app, so every preview");
  assert.ok(mayAccess({ apps: ["shop--*"] }, "shop--x"), "a key for shop's previews only");
  assert.ok(!mayAccess({ apps: ["shop--*"] }, "shop"));
  assert.ok(mayAccess({ apps: ["shop-*"] }, "shop-staging"));
});

test("a scope handed down in env reads back; none gives the fallback; a damaged one reaches nothing", () => {
  const shop = { apps: ["shop", "blog-*"] };
  assert.deepEqual(scopeFromEnv(scopeEnv(shop), "admin"), shop);
  assert.equal(scopeFromEnv(scopeEnv("admin"), { apps: [] }), "admin");
  assert.deepEqual(scopeFromEnv({}, { apps: ["shop"] }), { apps: ["shop"] });
  for (const raw of ["{", "null", '{"apps":"shop"}', "42"])
    assert.deepEqual(scopeFromEnv({ SLIPWAY_SCOPE: raw }, "admin"), { apps: [] }, raw);
});

test("whose images a caller may use: a key's own scope; a local caller is admin unless slipwayd narrowed it", () => {
  const key = { kind: "key" as const, name: "ci", scope: { apps: ["shop"] } };
  assert.equal(imageScope(key, scopeEnv("admin"))("blog"), false, "env never widens a key");
  assert.equal(imageScope(key, {})("shop--feature"), true, "a preview's parent scope holds it");
  assert.equal(imageScope(LOCAL_CALLER, {})("blog"), true);
  assert.equal(imageScope(LOCAL_CALLER, scopeEnv({ apps: ["shop"] }))("blog"), false);
});
