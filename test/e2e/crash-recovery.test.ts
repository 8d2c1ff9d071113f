import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { DEPLOY_PHASES } from "../../src/state/journal.js";
import { run, useServerWithApp } from "../support/harness.js";

describe("a deploy killed at any phase is recovered", () => {
  const { h, work } = useServerWithApp("hello");
  const journal = () => path.join(h.state, "apps", "hello", "journal.json");
  const live = () =>
    JSON.parse(fs.readFileSync(path.join(h.state, "apps", "hello", "app.json"), "utf8")).current;
  const docker = async (...args: string[]) =>
    (
      await run(["docker", ...args, "--filter", `label=${h.label}`, "--filter", "label=slipway.app=hello"])
    ).stdout
      .trim()
      .split("\n")
      .filter(Boolean);

  /** Push straight into the bare repo, so the hook inherits the fault-injection variable. */
  const killedPush = (phase: string) =>
    run(["git", "push", path.join(h.dir, "repos", "hello.git"), "master"], {
      cwd: work().dir,
      env: { ...h.env, SLIPWAY_FAULT_KILL_AT: phase },
    });

  /** Orphans by label: only the live container may remain once any retire has finished. */
  async function onlyLiveContainer(): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    let ids = await docker("ps", "-aq", "--no-trunc");
    while (ids.length > 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      ids = await docker("ps", "-aq", "--no-trunc");
    }
    return ids;
  }

  before(async () => {
    const file = path.join(h.state, "settings.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...JSON.parse(fs.readFileSync(file, "utf8")),
        drainSeconds: 0.5,
        stopTimeoutSeconds: 1,
      }),
    );
    const first = await work().push(h.remoteUrl("hello"));
    assert.equal(first.code, 0, first.stderr);
  });

  for (const phase of DEPLOY_PHASES) {
    it(`killed while ${phase}: the last good release serves, nothing is orphaned, the next push works`, async () => {
      const good = (await h.fetch("hello")).body;
      work().write("index.html", `killed at ${phase}\n`);
      await work().commit(`kill at ${phase}`);
      const killed = await killedPush(phase);
      assert.notEqual(killed.code, 0, "the killed deploy must reject the push");
      assert.ok(fs.existsSync(journal()), "the dead deploy left its journal");
      const killedRelease = JSON.parse(fs.readFileSync(journal(), "utf8")).release as number;
      // Only at draining had the new release already gone live; before that the old one must still serve.
      const expected = phase === "draining" ? `killed at ${phase}\n` : good;
      assert.equal((await h.fetch("hello")).body, expected);

      const recover = await h.slipway(["internal:recover"]);
      assert.equal(recover.code, 0, recover.stderr);
      assert.match(
        recover.stderr,
        new RegExp(`Recovering hello: a deploy of release ${killedRelease} was interrupted while ${phase}`),
      );
      assert.ok(!fs.existsSync(journal()), "recovery clears the journal");
      assert.equal((await h.fetch("hello")).body, expected);
      assert.deepEqual(await onlyLiveContainer(), [live().services.web.containers[0].id]);
      if (phase !== "draining" && phase !== "building") {
        assert.deepEqual(
          await docker("images", "-q", "--filter", `reference=slipway-test-${h.id}/hello:${killedRelease}*`),
          [],
          "the half-deployed image is removed",
        );
      }

      work().write("index.html", `after ${phase}\n`);
      await work().commit(`after ${phase}`);
      const next = await work().push(h.remoteUrl("hello"));
      assert.equal(next.code, 0, next.stderr);
      assert.equal((await h.fetch("hello")).body, `after ${phase}\n`);
    });
  }

  it("the next push recovers by itself when nothing ran internal:recover", async () => {
    work().write("index.html", "killed again\n");
    await work().commit("kill again");
    assert.notEqual((await killedPush("health-gating")).code, 0);
    work().write("index.html", "recovered by push\n");
    await work().commit("recovered by push");
    const next = await work().push(h.remoteUrl("hello"));
    assert.equal(next.code, 0, next.stderr);
    assert.match(
      next.stderr,
      /Recovering hello: a deploy of release \d+ was interrupted while health-gating/,
    );
    assert.equal((await h.fetch("hello")).body, "recovered by push\n");
    assert.deepEqual(await onlyLiveContainer(), [live().services.web.containers[0].id]);
  });
});
