import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { deferModule } from "../../../src/engine/defer-module.js";
import { docker } from "../../../src/engine/docker.js";

const require = createRequire(import.meta.url);

test("a deferred module loads on its first call, and answers as itself", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "defer-"));
  try {
    const file = path.join(dir, "twice.js");
    fs.writeFileSync(
      file,
      "globalThis.deferLoads = (globalThis.deferLoads ?? 0) + 1;\nmodule.exports = (n) => 2 * n;\n",
    );
    const g = globalThis as { deferLoads?: number };
    assert.equal(deferModule(file), true);
    const stand = require(file) as (n: number) => number;
    assert.equal(g.deferLoads, undefined);
    assert.equal(stand(21), 42);
    assert.equal(stand(2), 4);
    assert.equal(g.deferLoads, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a missing file is left alone", () => {
  assert.equal(deferModule(path.join(os.tmpdir(), "no-such-dir", "x.js")), false);
});

test("the engine client comes without gRPC and ssh2, which the classic builder on a socket never uses", async () => {
  const client = await docker();
  assert.equal(typeof client.buildImage, "function");
  const loaded = Object.keys(require.cache);
  for (const part of ["@grpc", "protobufjs", "ssh2"])
    assert.equal(loaded.filter((f) => f.includes(`/node_modules/${part}/`)).length, 0, `${part} was loaded`);
});
