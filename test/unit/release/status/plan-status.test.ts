import { test } from "node:test";
import assert from "node:assert/strict";
import { planStatus } from "../../../../src/release/status/plan-status.js";
import type { StatusFacts } from "../../../../src/release/status/status-facts.js";

const NOW = new Date("2026-11-30T12:00:00Z");
const GB = 1e9;

function facts(over: Partial<StatusFacts> = {}): StatusFacts {
  return {
    version: "0.1.0",
    stateVersion: 1,
    codeStateVersion: 1,
    filesystems: [{ mount: "/", holds: ["state", "docker"], totalBytes: 100 * GB, freeBytes: 60 * GB }],
    appDisk: [],
    containers: [],
    certificates: [],
    backup: { lastSuccessAt: "2026-11-30T02:00:00Z" },
    deploys: [],
    ...over,
  };
}

const find = (r: ReturnType<typeof planStatus>, section: string, subject?: string) =>
  r.lines.find((l) => l.section === section && (subject === undefined || l.subject === subject))!;

test("a healthy server is green, with version, disk and backup lines", () => {
  const r = planStatus(facts(), NOW);
  assert.equal(r.state, "green");
  assert.equal(r.schema, 1);
  assert.deepEqual(r.slipway, { version: "0.1.0", stateVersion: 1, codeStateVersion: 1 });
  assert.equal(find(r, "disk", "/").reason, "40% used, 60 GB free of 100 GB (state, docker)");
  assert.equal(find(r, "backup").reason, "last backup 10 h ago");
});

test("disk turns amber at 85% and red at 95% used", () => {
  const at = (free: number) =>
    planStatus(
      facts({ filesystems: [{ mount: "/srv", holds: ["state"], totalBytes: 100, freeBytes: free }] }),
      NOW,
    );
  assert.equal(find(at(16), "disk").state, "green");
  assert.equal(find(at(15), "disk").state, "amber");
  assert.equal(find(at(5), "disk").state, "red");
  assert.equal(at(5).state, "red");
});

test("containers: restarting, exited and unhealthy live ones are red; one near its memory limit amber", () => {
  const base = { app: "shop", service: "web", restartCount: 0, live: true, health: undefined };
  const r = planStatus(
    facts({
      containers: [
        { ...base, name: "a", state: "restarting", restartCount: 4 },
        { ...base, name: "b", state: "exited" },
        { ...base, name: "c", state: "running", health: "unhealthy" },
        { ...base, name: "d", state: "running", memoryBytes: 95, memoryLimitBytes: 100, cpuPercent: 1 },
        { ...base, name: "e", state: "running", memoryBytes: 20e6, memoryLimitBytes: 512e6, cpuPercent: 2.5 },
        { ...base, name: "old-one-off", state: "exited", live: false },
      ],
    }),
    NOW,
  );
  assert.deepEqual(
    r.lines.filter((l) => l.section === "container").map((l) => [l.subject, l.state]),
    [
      ["a", "red"],
      ["b", "red"],
      ["c", "red"],
      ["d", "amber"],
      ["e", "green"],
    ],
  );
  assert.equal(find(r, "container", "e").reason, "running; memory 20 MB of 512 MB, CPU 2.5%");
});

test("certificates: amber within 14 days, red within 3 or expired", () => {
  const cert = (app: string, notAfter: string) => ({ app, source: "letsencrypt", names: [app], notAfter });
  const r = planStatus(
    facts({
      certificates: [
        cert("ok", "2027-01-30T00:00:00Z"),
        cert("soon", "2026-12-10T00:00:00Z"),
        cert("gone", "2026-11-29T00:00:00Z"),
      ],
    }),
    NOW,
  );
  assert.equal(find(r, "certificate", "ok").state, "green");
  assert.equal(find(r, "certificate", "soon").state, "amber");
  assert.equal(find(r, "certificate", "gone").state, "red");
  assert.match(find(r, "certificate", "gone").reason, /expired 2 days ago/);
});

test("backups: none configured is amber, a failure after the last success red, two days old red", () => {
  assert.equal(
    find(planStatus(facts({ backup: undefined }), NOW), "backup").reason,
    "no backups configured (see backups:target)",
  );
  assert.equal(find(planStatus(facts({ backup: undefined }), NOW), "backup").state, "amber");
  const failed = {
    lastSuccessAt: "2026-11-29T02:00:00Z",
    lastFailureAt: "2026-11-30T02:00:00Z",
    lastError: "x",
  };
  assert.equal(find(planStatus(facts({ backup: failed }), NOW), "backup").state, "red");
  const old = { lastSuccessAt: "2026-11-28T11:00:00Z" };
  assert.equal(find(planStatus(facts({ backup: old }), NOW), "backup").state, "red");
  const dayOld = { lastSuccessAt: "2026-11-29T08:00:00Z" };
  assert.equal(find(planStatus(facts({ backup: dayOld }), NOW), "backup").state, "amber");
});

test("state newer than the code is red, older amber; deploys list each app's release", () => {
  assert.equal(find(planStatus(facts({ stateVersion: 2 }), NOW), "slipway").state, "red");
  assert.equal(find(planStatus(facts({ stateVersion: 0 }), NOW), "slipway").state, "amber");
  const r = planStatus(
    facts({
      deploys: [
        { app: "shop", release: 3, deployedAt: "2026-11-30T11:00:00Z", cause: "push" },
        { app: "new" },
      ],
    }),
    NOW,
  );
  assert.equal(find(r, "deploy", "shop").reason, "release 3 (push) 1 h ago");
  assert.equal(find(r, "deploy", "new").reason, "not deployed yet");
});
