import assert from "node:assert/strict";
import { test } from "node:test";
import { startFailureCode } from "../../../src/engine/start-error.js";

const refusal = (what: string) =>
  new Error(
    `(HTTP code 400) unexpected - failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: ${what}: unknown`,
  );

test("the engine's refusals map to a shell's exit codes: 127 not found, 126 not executable", () => {
  assert.equal(startFailureCode(refusal(`"nonexistentcmd": executable file not found in $PATH`)), 127);
  assert.equal(startFailureCode(refusal(`"/nope": stat /nope: no such file or directory`)), 127);
  assert.equal(startFailureCode(refusal(`"/etc/passwd": permission denied`)), 126);
  assert.equal(
    startFailureCode(new Error("(HTTP code 500) server error - no space left on device")),
    undefined,
  );
});
