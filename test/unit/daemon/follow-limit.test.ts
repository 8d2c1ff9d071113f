import assert from "node:assert/strict";
import { test } from "node:test";
import { SlipwayError } from "../../../src/errors.js";
import { holdFollow } from "../../../src/daemon/follow-limit.js";

test("each token holds at most the limit of follows; releasing one (even twice) frees exactly one", () => {
  const releases = [holdFollow("a", 2), holdFollow("a", 2)];
  assert.throws(
    () => holdFollow("a", 2),
    (err) =>
      err instanceof SlipwayError && err.code === "too-many-follows" && /close another/.test(err.hint ?? ""),
  );
  const other = holdFollow("b", 2); // another token is not affected
  releases[0]();
  releases[0]();
  const again = holdFollow("a", 2);
  assert.throws(() => holdFollow("a", 2));
  for (const release of [releases[1], again, other]) release();
});
