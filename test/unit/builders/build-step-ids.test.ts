import assert from "node:assert/strict";
import { test } from "node:test";
import { BuildStepIds } from "../../../src/builders/build-step-ids.js";

test("a build's own step containers and the layers it took from the cache, from its output lines", () => {
  const ids = new BuildStepIds();
  ids.read(
    [
      "Step 2/5 : COPY index.html /www/index.html",
      " ---> Using cache",
      " ---> d03de3f0c0b9",
      "Step 3/5 : RUN echo hi",
      " ---> Running in 8233472e1421",
      "hi",
      "Removing intermediate container 8233472e1421",
      " ---> 51c7a5f058b0",
    ].join("\n"),
  );
  ids.read(" ---> Using cache");
  ids.read(" ---> 6a324089e235\nSuccessfully built 6a324089e235");
  assert.deepEqual([...ids.steps], ["8233472e1421"]);
  assert.deepEqual([...ids.cached], ["d03de3f0c0b9", "6a324089e235"], "a layer built here is not cached");
});
