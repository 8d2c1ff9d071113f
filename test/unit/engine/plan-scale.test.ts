import assert from "node:assert/strict";
import { test } from "node:test";
import { planScale } from "../../../src/engine/plan-scale.js";

const c = (release: number, index: number) => ({
  id: `id-${release}-${index}`,
  name: `slipway-uxstack.worker.${release}.${index}`,
});

test("scaling up keeps the running instances and adds the next numbers", () => {
  const plan = planScale([c(7, 1)], 3);
  assert.deepEqual(
    plan.keep.map((k) => k.id),
    ["id-7-1"],
  );
  assert.deepEqual(plan.add, [2, 3]);
  assert.deepEqual(plan.remove, []);
});

test("scaling down removes the highest instances", () => {
  const plan = planScale([c(7, 1), c(8, 2), c(8, 3)], 1);
  assert.deepEqual(
    plan.keep.map((k) => k.id),
    ["id-7-1"],
  );
  assert.deepEqual(plan.add, []);
  assert.deepEqual(
    plan.remove.map((r) => r.id),
    ["id-8-3", "id-8-2"].sort(),
  );
  assert.deepEqual(
    planScale([c(7, 1)], 0).remove.map((r) => r.id),
    ["id-7-1"],
  );
});

test("a gap in the numbers is filled before new ones are added", () => {
  const plan = planScale([c(9, 3), c(7, 1)], 3);
  assert.deepEqual(
    plan.keep.map((k) => k.index),
    [1, 3],
  );
  assert.deepEqual(plan.add, [2]);
});
