import { after, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { clearJournal, DEPLOY_PHASES, openJournal, readJournal } from "../../../src/state/journal.js";
import { isBeingRetired } from "../../../src/release/retire.js";
import { paths } from "../../../src/state/paths.js";

process.env.SLIPWAY_STATE = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-journal-"));
after(() => fs.rmSync(process.env.SLIPWAY_STATE!, { recursive: true, force: true }));
const routes = { release: 3, services: { web: [20003] }, defaultService: "web" };

test("the journal records each phase, the steps done and the route to go back to", () => {
  const j = openJournal("myapp", 4, routes);
  j.enter("building", { images: ["slipway/myapp:4"] });
  assert.deepEqual(
    { ...readJournal("myapp"), startedAt: "" },
    {
      app: "myapp",
      release: 4,
      phase: "building",
      pid: process.pid,
      startedAt: "",
      images: ["slipway/myapp:4"],
      done: [],
      previousRoutes: routes,
    },
  );
  j.enter("starting");
  const started = { kind: "started", service: "web", index: 1, id: "abc", name: "myapp-web-1" } as const;
  j.did(started);
  j.enter("health-gating");
  const saved = readJournal("myapp")!;
  assert.equal(saved.phase, "health-gating");
  assert.deepEqual(saved.done, [started]);
  assert.deepEqual(j.done, [started]);
  assert.deepEqual(saved.images, ["slipway/myapp:4"]);
  clearJournal("myapp");
  assert.equal(readJournal("myapp"), undefined);
});

test("the phases are the five a deploy goes through, in order", () => {
  assert.deepEqual([...DEPLOY_PHASES], ["building", "starting", "health-gating", "switching", "draining"]);
});

test("a retire mark counts only while its process lives and its time has not run out", () => {
  const mark = (pid: number, untilMs: number) => {
    fs.mkdirSync(path.dirname(paths.retireMark("myapp", "c1")), { recursive: true });
    fs.writeFileSync(
      paths.retireMark("myapp", "c1"),
      JSON.stringify({ pid, until: new Date(Date.now() + untilMs).toISOString() }),
    );
  };
  assert.equal(isBeingRetired("myapp", "c1"), false, "no mark");
  mark(process.pid, 60_000);
  assert.equal(isBeingRetired("myapp", "c1"), true);
  mark(process.pid, -1);
  assert.equal(isBeingRetired("myapp", "c1"), false, "expired");
  mark(2 ** 22 + 12345, 60_000); // above pid_max's default: no such process
  assert.equal(isBeingRetired("myapp", "c1"), false, "dead retire process");
});
