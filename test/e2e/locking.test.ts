import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { WorkTree, useServerWithApp } from "../support/harness.js";
import { withLock } from "../../src/state/lock.js";

describe("one deploy per app at a time", () => {
  const { h, work: tree } = useServerWithApp("hello");
  let work: WorkTree;
  before(() => (work = tree()));

  it("makes a second push wait for the app's lock, then fail clearly; other apps deploy meanwhile", async () => {
    const lockFile = `${h.state}/locks/app-alpha.lock`;
    let blocked: Awaited<ReturnType<WorkTree["push"]>> | undefined;
    let other: Awaited<ReturnType<WorkTree["push"]>> | undefined;
    await withLock(lockFile, { timeoutMs: 5000, holder: "test" }, async () => {
      [blocked, other] = await Promise.all([work.push(h.remoteUrl("alpha")), work.push(h.remoteUrl("beta"))]);
    });
    assert.notEqual(blocked!.code, 0);
    assert.match(blocked!.stderr, /Another deploy of alpha is running; waiting up to 5s/);
    assert.match(blocked!.stderr, /another deploy of alpha is still running after 5s/);
    assert.equal(other!.code, 0, other!.stderr);
    assert.equal((await h.fetch("beta")).body, "hello v1\n");
    assert.equal((await h.fetch("alpha")).status, 404, "alpha was never deployed");
  });

  it("deploys once the lock is free", async () => {
    const res = await work.push(h.remoteUrl("alpha"));
    assert.equal(res.code, 0, res.stderr);
    assert.equal((await h.fetch("alpha")).body, "hello v1\n", res.stderr);
  });
});
