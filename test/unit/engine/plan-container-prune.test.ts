import { test } from "node:test";
import assert from "node:assert/strict";
import type Docker from "dockerode";
import { planContainerPrune } from "../../../src/engine/plan-container-prune.js";

const c = (Id: string, State: string) => ({ Id, State }) as Docker.ContainerInfo;

test("prunes exited and dead containers no live release runs; keeps live, running and just-created ones", () => {
  const containers = [
    c("leftover", "exited"),
    c("dead", "dead"),
    c("stopped-live", "exited"),
    c("running", "running"),
    c("new", "created"),
  ];
  assert.deepEqual(planContainerPrune(containers, new Set(["stopped-live", "running"])), [
    "leftover",
    "dead",
  ]);
});
