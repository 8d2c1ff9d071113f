import { test } from "node:test";
import assert from "node:assert/strict";
import { phaseStarts, stepText } from "../../../src/cli/step-lines.js";
import { formatPlan } from "../../../src/runtime/diff-services.js";

const step = (text: string) => `remote: -----> ${text}`;

test("each phase pattern finds the step line the deploy prints, and only that one", () => {
  const lines = {
    build: step(stepText.building("shop-api", 12, "from Dockerfile (4f732ce)")),
    start: step(formatPlan([{ service: "web", action: "replace", reason: "image changed" } as never])),
    route: step(stepText.routing("shop-api.example.com", 12)),
  };
  for (const [phase, line] of Object.entries(lines)) {
    for (const [other, pattern] of Object.entries(phaseStarts)) assert.equal(pattern.test(line), phase === other, `${other} on ${line}`);
  }
});

test("an image deploy's build step is a build phase too", () => {
  assert.match(step(stepText.building("demo", 1, "from image busybox:stable")), phaseStarts.build);
});
