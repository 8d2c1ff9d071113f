// suite: exclusive
// It checks that a failed build's dangling layers stay until the app's next deploy removes them; a prune
// by anything else on the shared engine could take them first, so it runs alone.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { BASE_IMAGE, engine } from "../support/base-image.js";
import { useServerWithApp } from "../support/harness.js";

describe("image retention", () => {
  const { h, work } = useServerWithApp("hello");
  const releasesWithImages = async () =>
    (await engine.listImages({ filters: { label: [h.label, "slipway.app=hello"] } }))
      .map((i) => Number(i.RepoTags?.[0]?.split(":").pop()))
      .sort((a, b) => a - b);
  /** The replaced release's image goes once its background retire has removed the container using it. */
  async function settledReleases(expected: number[]): Promise<number[]> {
    const deadline = Date.now() + 20_000;
    let got = await releasesWithImages();
    while (JSON.stringify(got) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      got = await releasesWithImages();
    }
    return got;
  }
  const push = async (text: string) => {
    work().write("index.html", `${text}\n`);
    await work().commit(text);
    return work().push(h.remoteUrl("hello"));
  };

  before(() => {
    const file = path.join(h.state, "settings.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...JSON.parse(fs.readFileSync(file, "utf8")),
        keepReleases: 2,
        drainSeconds: 0.5,
        stopTimeoutSeconds: 1,
      }),
    );
  });

  it("keeps the images of the last keepReleases releases", async () => {
    for (const n of [1, 2, 3]) assert.equal((await push(`v${n}`)).code, 0);
    assert.deepEqual(await settledReleases([2, 3]), [2, 3]);
  });

  it("removes the dangling layers a failed build left, after the next deploy", async () => {
    const dockerfile = fs.readFileSync(path.join(work().dir, "Dockerfile"), "utf8");
    work().write("Dockerfile", `${dockerfile}RUN echo layer-of-a-failed-build > /left-behind\nRUN exit 3\n`);
    const failed = await push("broken");
    assert.notEqual(failed.code, 0);
    const layer = /left-behind[\s\S]*?---> ([0-9a-f]{12})\s/.exec(failed.stderr)?.[1];
    assert.ok(layer, `no layer id in:\n${failed.stderr}`);
    const dangling = await engine.getImage(layer).inspect();
    assert.equal(
      dangling.Config.Labels["slipway.app"],
      undefined,
      "the dangling layer does not carry the app's label",
    );

    work().write("Dockerfile", dockerfile);
    assert.equal((await push("v5")).code, 0);
    await assert.rejects(engine.getImage(layer).inspect(), /no such image/i);
    assert.deepEqual(await settledReleases([3, 5]), [3, 5], "the failed attempt takes no slot");
    assert.equal((await h.fetch("hello")).body, "v5\n");
  });

  it("keeps the template documents of the last keepReleases templates only, the live one's included", async () => {
    const template = (n: number) =>
      `services:\n  web:\n    image: ${BASE_IMAGE}\n    cmd: exec httpd -f -p $PORT -h /tmp\n    env: {VERSION: "${n}"}\n`;
    for (const n of [1, 2, 3, 4]) {
      const deploy = await h.slipway(["deploy", "-", "stack"], template(n));
      assert.equal(deploy.code, 0, deploy.stderr);
    }
    const dir = path.join(h.state, "apps", "stack", "templates");
    const documents = () =>
      fs
        .readdirSync(dir)
        .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
        .sort();
    assert.deepEqual(documents(), [template(3), template(4)]);
    const back = await h.slipway(["rollback", "stack", "3"]);
    assert.equal(back.code, 0, back.stderr);
    assert.deepEqual(
      documents(),
      [template(3), template(4)],
      "a rollback to a kept release keeps its document",
    );
    const set = await h.slipway(
      ["deploy", "-", "stack", "--service", "web"],
      `{image: "${BASE_IMAGE}", cmd: "exec httpd -f -p $PORT -h /tmp", env: {VERSION: "5"}}`,
    );
    assert.equal(set.code, 0, set.stderr);
    // Kept now: release 6's template (set_service's rendering of the document of 3, with VERSION 5) and release 5's (3).
    const kept = documents();
    assert.equal(kept.length, 2, kept.join("\n"));
    assert.ok(kept.includes(template(3)), kept.join("\n"));
    assert.ok(
      kept.some((d) => /VERSION: ["']?5/.test(d)),
      kept.join("\n"),
    );
    assert.equal(
      (await h.slipway(["rollback", "stack", "1"])).code,
      0,
      "release 1's image is not Slipway's to prune",
    );
    const orphan = await h.slipway(["deploy", "-", "stack", "--service", "web"], `{image: "${BASE_IMAGE}"}`);
    assert.equal(orphan.code, 1);
    assert.match(orphan.stderr, /stack was rolled back to a template whose document was pruned/);
  });
});
