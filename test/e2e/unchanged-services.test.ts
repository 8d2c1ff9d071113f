import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { engine } from "../support/base-image.js";
import { useServerWithApp } from "../support/harness.js";

describe("a service whose build context did not change", () => {
  const { h, work } = useServerWithApp("monorepo");
  const storeContainer = async () => {
    const [c] = await engine.listContainers({
      filters: { label: [h.label, "slipway.app=mono", "slipway.service=store"] },
    });
    return { id: c?.Id, image: c?.ImageID };
  };
  const push = async (file: string, text: string) => {
    work().write(file, text);
    await work().commit(`change ${file}`);
    return work().push(h.remoteUrl("mono"));
  };

  it("is neither built nor restarted by a push that changes only the web", async () => {
    const first = await work().push(h.remoteUrl("mono"));
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /from store\/Dockerfile/);
    const before = await storeContainer();
    assert.ok(before.id, "the store runs");

    const webOnly = await push("index.html", "web v2\n");
    assert.equal(webOnly.code, 0, webOnly.stderr);
    assert.match(webOnly.stderr, /store unchanged \(same tree\)/);
    assert.doesNotMatch(webOnly.stderr, /from store\/Dockerfile/, "the store was not built");
    assert.match(webOnly.stderr, /Plan: web rebuilt · store unchanged/);
    assert.deepEqual(await storeContainer(), before, "the store keeps its container and image");
    assert.equal((await h.fetch("mono")).body, "web v2\n");
    const release = (n: number) =>
      JSON.parse(fs.readFileSync(path.join(h.state, "apps", "mono", "releases", `${n}.json`), "utf8"));
    assert.equal(
      release(2).images.store,
      release(1).images.store,
      "release 2 records the store image it ran",
    );

    // The top context holds store/ too, so a store change rebuilds both.
    const storeChange = await push("store/store.txt", "store v2\n");
    assert.equal(storeChange.code, 0, storeChange.stderr);
    assert.match(storeChange.stderr, /from store\/Dockerfile/);
    assert.notEqual((await storeContainer()).id, before.id);
  });
});
