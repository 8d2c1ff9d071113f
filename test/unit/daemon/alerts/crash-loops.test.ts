import assert from "node:assert/strict";
import { test } from "node:test";
import { CrashLoops } from "../../../../src/daemon/alerts/crash-loops.js";
import { defaultAlertSettings } from "../../../../src/state/settings-parts.js";

const labels = { "slipway.app": "shop", "slipway.service": "web", exitCode: "137", name: "c1" };
const ev = (Action: string, id = "c1", extra: Record<string, string> = {}) => ({
  Action,
  Actor: { ID: id, Attributes: { ...labels, ...extra } },
  time: 0,
});

test("three unasked exits within the window are a crash loop; quiet for the window, it resolves", () => {
  const loops = new CrashLoops(defaultAlertSettings);
  const t = 1_000_000;
  loops.record(ev("die"), t);
  loops.record(ev("die"), t + 1000);
  assert.equal(loops.observe(t + 1000)[0].holds, false);
  loops.record(ev("die"), t + 2000);
  const [looping] = loops.observe(t + 2000);
  assert.equal(looping.holds, true);
  assert.equal(looping.key, "crash:shop/web");
  assert.match(looping.alert.message, /exited 3 times .* exit code 137/);
  const later = t + 2000 + 5 * 60_000 + 1;
  assert.deepEqual(
    loops.observe(later).map((o) => o.holds),
    [false],
  );
  assert.deepEqual(loops.observe(later + 1), [], "then forgotten");
});

test("a die Docker was asked for (kill/stop before it), a one-off's, or another label's is not counted", () => {
  const loops = new CrashLoops(defaultAlertSettings);
  for (let i = 0; i < 3; i++) {
    loops.record(ev("kill", `c${i}`), i);
    loops.record(ev("die", `c${i}`), i + 1);
    loops.record(ev("die", `o${i}`, { "slipway.oneoff": "run" }), i + 1);
  }
  assert.deepEqual(loops.observe(10), []);
});

test("an OOM kill is a keyed happening", () => {
  const loops = new CrashLoops(defaultAlertSettings);
  loops.record(ev("oom"));
  const [h] = loops.takeHappenings();
  assert.equal(h.key, "oom:shop/web");
  assert.equal(h.alert.event, "oom-killed");
  assert.deepEqual(loops.takeHappenings(), []);
});
