import { test } from "node:test";
import assert from "node:assert/strict";
import { phaseStarts, stepText } from "../../src/step-lines.js";
import { formatPlan } from "../../src/engine/diff-services.js";
import { pushPhases } from "../../bench/timing.js";

const step = (text: string) => `remote: -----> ${text}`;

test("each phase pattern finds the step line the deploy prints, and only that one", () => {
  const lines = {
    build: step(stepText.building("shop-api", 12, "from Dockerfile (4f732ce)")),
    start: step(formatPlan([{ service: "web", action: "replace", reason: "image changed" } as never])),
    route: step(stepText.routing("shop-api.example.com", 12)),
  };
  for (const [phase, line] of Object.entries(lines)) {
    for (const [other, pattern] of Object.entries(phaseStarts))
      assert.equal(pattern.test(line), phase === other, `${other} on ${line}`);
  }
});

test("an image deploy's build step is a build phase too", () => {
  assert.match(step(stepText.building("demo", 1, "from image busybox:stable")), phaseStarts.build);
});

test("the benchmark splits a push at those lines, and throws when one is missing", () => {
  const at = (ms: number, text: string) => ({ ms, text: step(text) });
  const lines = [
    at(500, stepText.building("hello", 2, "from Dockerfile (abc1234)")),
    at(900, "Plan: web rebuilt"),
    at(1300, stepText.routing("hello.test", 2)),
  ];
  assert.deepEqual(pushPhases({ ms: 1600, code: 0, lines }, 1700), {
    receive: 500,
    build: 400,
    start: 400,
    route: 400,
  });
  assert.throws(() => pushPhases({ ms: 1600, code: 0, lines: [lines[0], lines[2]] }, 1700), /no start step/);
  assert.throws(() => pushPhases({ ms: 1600, code: 0, lines }, Number.NaN), /phase route measured NaN/);
});
