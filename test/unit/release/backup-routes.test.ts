import { test } from "node:test";
import assert from "node:assert/strict";
import { backupRoutes } from "../../../src/release/backup-routes.js";

const next = { release: 4, defaultService: "web", services: { web: [20011, 20012], admin: [20013] } };
const previous = { release: 3, defaultService: "web", services: { web: [20001, 20002], admin: [20003] } };

test("the previous release's ports back up each service while the new containers settle", () => {
  assert.deepEqual(backupRoutes(previous, next, new Set()), { web: [20001, 20002], admin: [20003] });
});

test("a service whose old containers stopped first has no backups, nor a port the new release still uses", () => {
  const scaled = { ...next, services: { web: [20001, 20011], admin: [20013] } };
  assert.deepEqual(backupRoutes(previous, scaled, new Set(["admin"])), { web: [20002] });
});

test("nothing to back up: a first deploy, a stopped app, Swarm task addresses, a service new in this release", () => {
  assert.equal(backupRoutes(undefined, next, new Set()), undefined);
  assert.equal(backupRoutes({ ...previous, stopped: true }, next, new Set()), undefined);
  const swarm = { ...previous, services: { web: ["10.0.0.5:30001"] } };
  assert.equal(backupRoutes(swarm, next, new Set()), undefined);
  const other = { ...previous, services: { api: [20009] } };
  assert.equal(backupRoutes(other, next, new Set()), undefined);
});
