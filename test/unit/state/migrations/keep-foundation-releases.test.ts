import { test } from "node:test";
import assert from "node:assert/strict";
import { keepFoundationReleases } from "../../../../src/state/migrations/keep-foundation-releases.js";
import { migrations } from "../../../../src/state/migrations/migrations.js";
import { STATE_VERSION } from "../../../../src/state/migrations/state-version.js";

/** app.json as the foundation (56acd65) wrote it after two pushes. */
const foundationRecord = {
  name: "shop",
  createdAt: "2026-11-22T10:00:00Z",
  deployBranch: "master",
  lastRelease: 2,
  current: {
    number: 2,
    sha: "b".repeat(40),
    image: "slipway/shop:2",
    containerId: "c2",
    containerName: "slipway-shop-web-2",
    port: 5000,
    hostPort: 20001,
    deployedAt: "2026-11-22T10:05:00Z",
    pushedBy: "alice",
  },
};

const images = [
  { ref: "slipway/shop:1", release: 1, sha: "a".repeat(40), createdAt: "2026-11-22T10:01:00Z" },
  { ref: "slipway/shop:2", release: 2, sha: "b".repeat(40), createdAt: "2026-11-22T10:04:00Z" },
];

test("migrations are numbered 1..N in order, and the state version is the last", () => {
  assert.deepEqual(
    migrations.map((m) => m.version),
    migrations.map((_, i) => i + 1),
  );
  assert.equal(STATE_VERSION, migrations.length);
});

test("a foundation app keeps its live container and gets a record for every release it has an image of", () => {
  const writes = keepFoundationReleases.migrateApp({
    name: "shop",
    record: foundationRecord,
    releases: {},
    images,
  });
  const byFile = Object.fromEntries(writes.map((w) => [w.file, w.json as Record<string, any>]));
  assert.deepEqual(Object.keys(byFile).sort(), ["app.json", "releases/1.json", "releases/2.json"]);
  const app = byFile["app.json"];
  assert.equal(app.lastRelease, 2);
  assert.deepEqual(app.current.services.web.containers, [
    { id: "c2", name: "slipway-shop-web-2", hostPort: 20001 },
  ]);
  assert.equal(app.current.services.web.port, 5000);
  assert.equal(app.current.pushedBy, "alice");
  assert.deepEqual(app.routes, { release: 2, services: { web: [20001] }, defaultService: "web" });
  assert.deepEqual(byFile["releases/2.json"], app.current);
  const first = byFile["releases/1.json"];
  assert.equal(first.sha, "a".repeat(40));
  assert.deepEqual(first.images, { ".": "slipway/shop:1" });
  assert.deepEqual(first.services.web.containers, []);
  assert.equal(first.deployedAt, "2026-11-22T10:01:00Z");
});

test("state already in the release format is left alone, but a live release without its record gets one", () => {
  const current = { number: 4, services: {}, template: {}, images: {}, deployedAt: "x", cause: "push" };
  const record = { name: "shop", createdAt: "x", lastRelease: 4, current };
  const app = { name: "shop", record, releases: { 4: current }, images };
  assert.deepEqual(keepFoundationReleases.migrateApp(app), []);
  assert.deepEqual(keepFoundationReleases.migrateApp({ ...app, releases: {} }), [
    { file: "releases/4.json", json: current },
  ]);
  assert.deepEqual(
    keepFoundationReleases.migrateApp({ ...app, record: { name: "new", lastRelease: 0 } }),
    [],
  );
});

test("running the migration on its own output changes nothing more", () => {
  const first = keepFoundationReleases.migrateApp({
    name: "shop",
    record: foundationRecord,
    releases: {},
    images,
  });
  const files = Object.fromEntries(first.map((w) => [w.file, w.json as Record<string, unknown>]));
  const releases = { 1: files["releases/1.json"], 2: files["releases/2.json"] };
  const again = keepFoundationReleases.migrateApp({
    name: "shop",
    record: files["app.json"],
    releases,
    images,
  });
  assert.deepEqual(again, []);
});
