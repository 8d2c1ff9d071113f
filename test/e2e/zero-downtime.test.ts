import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startLoadLoop } from "../support/load-loop.js";
import { useServerWithApp, run } from "../support/harness.js";
import { patchSettings } from "../support/settings-file.js";

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

  it("traffic moves once a release accepts; if it exits during its settle, the old containers answer and no request fails", async () => {
    // Wide margins for a loaded machine: it accepts at once, exits 2 s after starting, settles for 4 s.
    patchSettings(h, (s) => Object.assign(s, { settleSeconds: 4 }));
    work().write("index.html", "short-lived release\n");
    work().write(
      "Dockerfile",
      `FROM slipway-test/busybox:1\nCOPY index.html /www/index.html\nEXPOSE 5000\nCMD httpd -f -p "$PORT" -h /www & sleep 2; exit 3\n`,
    );
    await work().commit("a release that exits during its settle");
    const loop = startLoadLoop({
      port: h.nginxPort,
      host: `hello.${h.domain}`,
      maxRequests: 50_000,
      maxMs: 60_000,
    });
    const push = await work().push(h.remoteUrl("hello"));
    const report = await loop.stop();
    assert.notEqual(push.code, 0, "the push fails");
    assert.match(push.stderr, /service web: .*exited/);
    assert.equal((await h.fetch("hello")).body, "hello redeploy 4\n", "the previous release serves");
    assert.ok(
      (report.bodies["short-lived release\n"] ?? 0) > 0,
      "the new release took traffic before its settle ended",
    );
    assert.ok((report.bodies["hello redeploy 4\n"] ?? 0) > 0);
    assert.equal(
      report.failed,
      0,
      `${report.failed} of ${report.sent} failed (${report.retried} retried): ${report.failures.join("; ")}`,
    );
  });
});
