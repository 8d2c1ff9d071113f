import assert from "node:assert/strict";
import { test } from "node:test";
import { appLight } from "../../../../src/daemon/dashboard/app-light.js";
import type { AppRecord, Release } from "../../../../src/state/app-state.js";

const service = (ids: string[]) => ({
  specHash: "",
  imageId: "",
  image: "x",
  envHash: "",
  port: 5000,
  publish: {},
  containers: ids.map((id) => ({ id, name: id })),
});

function app(services: Record<string, string[]>, extra: Partial<AppRecord> = {}): AppRecord {
  const current = {
    number: 4,
    deployedAt: "2026-11-30T10:00:00Z",
    cause: "push",
    services: Object.fromEntries(Object.entries(services).map(([n, ids]) => [n, service(ids)])),
  } as unknown as Release;
  return { name: "shop", createdAt: "", lastRelease: 4, current, ...extra };
}

test("green when every container of the live release runs", () => {
  const l = appLight(app({ web: ["a", "b"], worker: ["c"] }), new Set(["a", "b", "c"]));
  assert.deepEqual([l.light, l.why], ["green", "all 3 containers running"]);
  assert.deepEqual(l.services, [
    { name: "web", wanted: 2, running: 2 },
    { name: "worker", wanted: 1, running: 1 },
  ]);
});

test("amber names the short service; red when nothing runs", () => {
  assert.deepEqual(
    [appLight(app({ web: ["a", "b"] }), new Set(["a"])).why, appLight(app({ web: ["a"] }), new Set()).light],
    ["web: 1 of 2 running", "red"],
  );
});

test("a failed push after the live release is amber; a failed first push is red", () => {
  const failed = { release: 5, ok: false, at: "" };
  assert.equal(
    appLight(app({ web: ["a"] }), new Set(["a"]), failed).why,
    "push of release 5 failed; release 4 still serves",
  );
  assert.equal(appLight(app({ web: ["a"] }), new Set(["a"]), { ...failed, release: 3 }).light, "green");
  const fresh: AppRecord = { name: "new", createdAt: "", lastRelease: 1 };
  assert.deepEqual(Object.values(appLight(fresh, new Set(), { ...failed, release: 1 })).slice(0, 2), [
    "red",
    "first push failed (release 1)",
  ]);
  assert.equal(appLight(fresh, new Set()).why, "nothing deployed yet");
  assert.equal(appLight(app({ web: ["a"] }, { stopped: true }), new Set()).why, "stopped with ps:stop");
});
