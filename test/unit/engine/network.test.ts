import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureBuildNetwork } from "../../../src/engine/network.js";
import { defaultSettings } from "../../../src/state/settings.js";

test("a build network name that cannot name a bridge device is refused before Docker is asked", async () => {
  for (const network of ["", "slipway-build-network", "-x", "a b", "x;y"]) {
    const settings = { ...defaultSettings, builders: { ...defaultSettings.builders, network } };
    await assert.rejects(ensureBuildNetwork(settings), /cannot name a bridge device/, network);
  }
});
