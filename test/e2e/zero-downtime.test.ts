import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startLoadLoop } from "../support/load-loop.js";
import { useServerWithApp, run } from "../support/harness.js";

describe("redeploys under load", () => {
  const { h, work } = useServerWithApp("hello");

  it("5 back-to-back redeploys and a rollback serve every request", async () => {
    const first = await work().push(h.remoteUrl("hello"));
    assert.equal(first.code, 0, first.stderr);
    const loop = startLoadLoop({
      port: h.nginxPort,
      host: `hello.${h.domain}`,
      maxRequests: 50_000,
      maxMs: 240_000,
    });
    for (let i = 1; i <= 5; i++) {
      work().write("index.html", `hello redeploy ${i}\n`);
      await work().commit(`redeploy ${i}`);
      const push = await work().push(h.remoteUrl("hello"));
      assert.equal(push.code, 0, push.stderr);
      assert.equal((await h.fetch("hello")).body, `hello redeploy ${i}\n`);
    }
    const back = await h.slipway(["rollback", "hello"]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((await h.fetch("hello")).body, "hello redeploy 4\n");
    const report = await loop.stop();
    assert.ok(report.sent >= 100, `only ${report.sent} requests were sent`);
    assert.equal(
      report.failed,
      0,
      `${report.failed} of ${report.sent} failed (${report.retried} retried): ${report.failures.join("; ")}`,
    );
  });

  it("the draining containers of back-to-back pushes are retired, not left behind", async () => {
    const labels = ["--filter", `label=${h.label}`, "--filter", "label=slipway.app=hello"];
    const deadline = Date.now() + 60_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      ids = (await run(["docker", "ps", "-aq", ...labels])).stdout.trim().split("\n").filter(Boolean);
      if (ids.length === 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(ids.length, 1, "only the live container remains");
  });
});
