import { test } from "node:test";
import assert from "node:assert/strict";
import { SlipwayError } from "../../../src/errors.js";
import { matchRoute, type Route } from "../../../src/daemon/route-table.js";
import { renderOpenApi } from "../../../src/daemon/openapi.js";
import { errorBody, statusOf } from "../../../src/daemon/http-error.js";
import { apiRoutes } from "../../../src/daemon/api-routes.js";

const route = (method: Route["method"], path: string): Route => ({
  method,
  path,
  summary: `${method} ${path}`,
  responses: { 200: "ok" },
  scope: "app",
  handle: async () => path,
});
const routes = [
  route("GET", "/api/v1/apps"),
  route("GET", "/api/v1/apps/{app}"),
  route("DELETE", "/api/v1/apps/{app}"),
  route("GET", "/api/v1/apps/{app}/logs"),
];

test("matchRoute picks the route by method and path, with validated parameters", () => {
  const m = matchRoute(routes, "DELETE", "/api/v1/apps/my-app");
  assert.equal(m.route, routes[2]);
  assert.deepEqual(m.params, { app: "my-app" });
  assert.equal(matchRoute(routes, "GET", "/api/v1/apps/web/logs").route, routes[3]);
  assert.deepEqual(matchRoute(routes, "GET", "/api/v1/apps/web.git").params, { app: "web" });
});

test("matchRoute answers 404, 405 and 400 with SlipwayErrors", () => {
  assert.throws(() => matchRoute(routes, "GET", "/api/v1/apps/x/y/z"), { code: "not-found" });
  assert.throws(() => matchRoute(routes, "GET", "/api/v1/apps/"), { code: "app-name" });
  assert.throws(
    () => matchRoute(routes, "PUT", "/api/v1/apps/x"),
    (e: SlipwayError) => e.code === "method-not-allowed" && e.hint === "use GET, DELETE",
  );
  assert.throws(() => matchRoute(routes, "GET", "/api/v1/apps/%2e%2e%2fetc"), { code: "app-name" });
  assert.throws(() => matchRoute(routes, "GET", "/api/v1/apps/%zz"), { code: "bad-request" });
  assert.throws(
    () => matchRoute([route("GET", "/x/{nope}")], "GET", "/x/1"),
    { code: "route" },
    "a parameter without a parser is a bug",
  );
});

test("errors map to statuses, and unknown failures hide their details", () => {
  assert.equal(statusOf(new SlipwayError("app-name", "x")), 400);
  assert.equal(statusOf(new SlipwayError("unauthorized", "x")), 401);
  assert.equal(statusOf(new SlipwayError("no-app", "x")), 404);
  assert.equal(statusOf(new SlipwayError("busy", "x")), 409);
  assert.equal(statusOf(new SlipwayError("build-failed", "x")), 500);
  assert.equal(statusOf(new Error("boom")), 500);
  assert.deepEqual(errorBody(new SlipwayError("busy", "wait", { hint: "later" })), {
    error: { code: "busy", message: "wait", hint: "later" },
  });
  assert.ok(!JSON.stringify(errorBody(new Error("secret path /x"))).includes("secret"));
});

test("the OpenAPI document lists every route with its parameters and the 401 answer", () => {
  const doc = renderOpenApi(apiRoutes) as {
    paths: Record<
      string,
      Record<string, { parameters: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>
    >;
  };
  for (const r of apiRoutes) {
    const op = doc.paths[r.path][r.method.toLowerCase()];
    assert.ok(op.responses["401"], `${r.method} ${r.path} documents 401`);
    for (const name of r.path.match(/\{(\w+)\}/g) ?? [])
      assert.ok(op.parameters.some((p) => `{${p.name}}` === name && p.in === "path"));
  }
  assert.ok(
    doc.paths["/api/v1/apps/{app}/logs"].get.parameters.some((p) => p.name === "follow" && p.in === "query"),
  );
});

test("readJsonBody parses JSON and refuses junk and oversized bodies", async () => {
  const { Readable } = await import("node:stream");
  const { readJsonBody } = await import("../../../src/daemon/read-json-body.js");
  assert.deepEqual(await readJsonBody(Readable.from([Buffer.from('{"a":'), Buffer.from("1}")])), { a: 1 });
  await assert.rejects(readJsonBody(Readable.from([Buffer.from("{nope")])), { code: "bad-request" });
  await assert.rejects(readJsonBody(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), 15), {
    code: "too-large",
  });
  assert.equal(statusOf(new SlipwayError("too-large", "x")), 413);
});

test("a route that declares a body gets it documented as the request body", () => {
  const withBody: Route = { ...route("PUT", "/api/v1/apps/{app}/thing"), body: "the thing" };
  const doc = renderOpenApi([withBody]) as {
    paths: Record<string, { put: { requestBody?: { description: string } } }>;
  };
  assert.equal(doc.paths["/api/v1/apps/{app}/thing"].put.requestBody?.description, "the thing");
  assert.equal(
    (renderOpenApi([route("GET", "/x")]) as { paths: Record<string, { get: object }> }).paths[
      "/x"
    ].get.hasOwnProperty("requestBody"),
    false,
  );
});

test("deployment routes validate service, config and domain parameters, and an empty body is no body", async () => {
  assert.deepEqual(matchRoute(apiRoutes, "PUT", "/api/v1/deployments/shop/services/web").params, {
    app: "shop",
    service: "web",
  });
  assert.deepEqual(matchRoute(apiRoutes, "DELETE", "/api/v1/deployments/shop/config/DATABASE_URL").params, {
    app: "shop",
    var: "DATABASE_URL",
  });
  assert.deepEqual(
    matchRoute(apiRoutes, "DELETE", "/api/v1/deployments/shop/domains/Shop.Example.org").params,
    { app: "shop", domain: "shop.example.org" },
  );
  assert.throws(() => matchRoute(apiRoutes, "PUT", "/api/v1/deployments/shop/services/Web"), {
    code: "bad-request",
  });
  assert.throws(() => matchRoute(apiRoutes, "DELETE", "/api/v1/deployments/shop/config/A-B"), {
    code: "bad-request",
  });
  assert.throws(() => matchRoute(apiRoutes, "DELETE", "/api/v1/deployments/shop/domains/a%2Fb"), {
    code: "domain",
  });
  const { Readable } = await import("node:stream");
  const { readJsonBody } = await import("../../../src/daemon/read-json-body.js");
  assert.equal(await readJsonBody(Readable.from([Buffer.from(" \n")])), undefined);
  for (const code of ["bad-template", "needs-build", "bad-env"])
    assert.equal(statusOf(new SlipwayError(code, "x")), 400, code);
  for (const code of ["no-service", "no-config", "no-release"])
    assert.equal(statusOf(new SlipwayError(code, "x")), 404, code);
  for (const code of ["busy", "port-taken", "already-live", "not-from-template"])
    assert.equal(statusOf(new SlipwayError(code, "x")), 409, code);
});

test("authorizeRoute checks the app in the path or body, admin routes, and lets listings through", async () => {
  const { authorizeRoute } = await import("../../../src/daemon/route-table.js");
  const ci = { kind: "token" as const, name: "ci", scope: { apps: ["shop-*"] } };
  const app = route("GET", "/api/v1/apps/{app}");
  authorizeRoute(app, { app: "shop-1" }, undefined, ci);
  assert.throws(
    () => authorizeRoute(app, { app: "blog" }, undefined, ci),
    (e: SlipwayError) =>
      e.code === "forbidden" && statusOf(e) === 403 && /token ci may not use app blog/.test(e.message),
  );
  const create: Route = { ...route("POST", "/api/v1/deployments"), scope: { bodyField: "name" } };
  authorizeRoute(create, {}, { name: "shop-2" }, ci);
  assert.throws(() => authorizeRoute(create, {}, { name: "blog" }, ci), { code: "forbidden" });
  assert.throws(() => authorizeRoute(create, {}, {}, ci), { code: "bad-request" });
  assert.throws(() => authorizeRoute({ ...app, scope: "admin" }, {}, undefined, ci), {
    code: "forbidden",
    message: /is for admins/,
  });
  authorizeRoute({ ...app, scope: "any" }, {}, undefined, ci);
  authorizeRoute({ ...app, scope: "admin" }, {}, undefined, { ...ci, scope: "admin" });
});
