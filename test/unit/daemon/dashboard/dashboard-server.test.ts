import assert from "node:assert/strict";
import { test } from "node:test";
import { dashboardRoutes } from "../../../../src/daemon/dashboard/dashboard-routes.js";
import { isDashboardPath } from "../../../../src/daemon/dashboard/dashboard-server.js";
import { matchRoute } from "../../../../src/daemon/route-table.js";

test("only the dashboard's own paths are the dashboard's; every other path stays the API's", () => {
  const mine = [
    "/",
    "/login",
    "/logout",
    "/status",
    "/apps/shop",
    "/apps/shop/pushes/3",
    "/assets/dashboard.css",
  ];
  const api = [
    "/api/v1/apps",
    "/openapi.json",
    "/git/shop.git/info/refs",
    "/no/such/endpoint",
    "//",
    "/apps/",
  ];
  assert.deepEqual(
    [...mine, ...api].filter((p) => isDashboardPath(dashboardRoutes, p)),
    mine,
  );
});

test("every dashboard route declares a scope, and app routes name {app}", () => {
  for (const r of dashboardRoutes) {
    assert.ok(r.scope, `${r.method} ${r.path}`);
    assert.equal(r.scope === "app", r.path.includes("{app}"), `${r.method} ${r.path}`);
  }
  assert.deepEqual(
    dashboardRoutes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`),
    ["GET /login", "POST /login"],
    "only the login page is served without a session",
  );
});

test("a release number in a path is checked at the boundary", () => {
  assert.equal(matchRoute(dashboardRoutes, "GET", "/apps/shop/pushes/12").params.release, "12");
  assert.throws(() => matchRoute(dashboardRoutes, "GET", "/apps/shop/pushes/0"), { code: "bad-request" });
  assert.throws(() => matchRoute(dashboardRoutes, "GET", "/apps/shop/pushes/x"), { code: "bad-request" });
});
