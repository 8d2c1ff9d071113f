import assert from "node:assert/strict";
import { test } from "node:test";
import { logPrefix } from "../../../src/engine/log-prefix.js";

test("a service container is prefixed service.instance; one-offs are not followed from the engine", () => {
  assert.equal(logPrefix("slipway-myapp.web.4.2", { "slipway.service": "web" }), "web.2");
  assert.equal(
    logPrefix("slipway-myapp.web.run-abc123", { "slipway.service": "web", "slipway.oneoff": "run" }),
    undefined,
  );
  assert.equal(
    logPrefix("slipway-myapp.web.cron-abc123", { "slipway.service": "web", "slipway.oneoff": "cron" }),
    undefined,
  );
});
