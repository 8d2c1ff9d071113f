import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { WorkTree, useServerWithApp, type RunResult } from "../support/harness.js";

interface Row {
  release: number;
  live: boolean;
  sha: string;
  cause: string;
  by: string;
}

describe("releases and rollback", () => {
  const { h, work: tree } = useServerWithApp("hello");
  let work: WorkTree;
  const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
  const releases = async (): Promise<Row[]> =>
    JSON.parse((await h.slipway(["releases", "hello", "--json"])).stdout);

  before(async () => {
    work = tree();
    ok(await work.push(h.remoteUrl("hello")));
    work.write("index.html", "hello v2\n");
    await work.commit("v2");
    ok(await work.push(h.remoteUrl("hello")));
  });

  it("records every deploy with its sha, cause and pusher", async () => {
    const rows = await releases();
    assert.deepEqual(
      rows.map((r) => [r.release, r.live, r.cause, r.by]),
      [
        [2, true, "push", "tester"],
        [1, false, "push", "tester"],
      ],
    );
    assert.equal(rows[0].sha, (await work.git(["rev-parse", "--short=7", "HEAD"])).stdout.trim());
  });

  it("rolls back to the previous release without rebuilding, as a new release", async () => {
    const res = await h.ssh("rollback hello");
    ok(res);
    assert.doesNotMatch(res.stderr, /Building/);
    assert.equal((await h.fetch("hello")).body, "hello v1\n");
    const rows = await releases();
    assert.deepEqual(
      rows.slice(0, 1).map((r) => [r.release, r.live, r.cause]),
      [[3, true, "rollback of 1"]],
    );
  });

  it("rolls forward to a named release", async () => {
    ok(await h.slipway(["rollback", "hello", "2"]));
    assert.equal((await h.fetch("hello")).body, "hello v2\n");
  });

  it("refuses an unknown release and the live one, changing nothing", async () => {
    const unknown = await h.slipway(["rollback", "hello", "99"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /hello has no release 99/);
    const live = await h.slipway(["rollback", "hello", "4"]);
    assert.match(live.stderr, /release 4 is the live release of hello/);
    assert.equal((await releases()).length, 4);
  });

  it("pushing a commit that was built before reuses its image", async () => {
    const res = await work.push(h.remoteUrl("hello"), "+HEAD~1:master");
    ok(res);
    assert.match(res.stderr, /Reusing the image of [0-9a-f]{7}/);
    assert.doesNotMatch(res.stderr, /Step 1\//);
    assert.equal((await h.fetch("hello")).body, "hello v1\n");
  });
});
