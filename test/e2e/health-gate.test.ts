import assert from "node:assert/strict";
import crypto from "node:crypto";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { passGate } from "../../src/engine/health-gate.js";
import type { HealthCheck } from "../../src/engine/health-check.js";
import { engine, removeLabelled } from "../support/base-image.js";
import { buildFixtureImage } from "../support/fixture-image.js";
import { freePort, suiteLabels } from "../support/harness.js";

const runId = crypto.randomBytes(4).toString("hex");
const labels = suiteLabels(runId);
const IMAGE = `slipway-test-${runId}/gated:1`;
const fast = { intervalMs: 100, timeoutMs: 500 };
const gate = { settleMs: 800, deadlineMs: 8000 };

/** Run the gated fixture (or another command) with its port published on 127.0.0.1, like a deploy does. */
async function start(
  opts: { env?: string[]; cmd?: string[]; publish?: boolean; restart?: string; network?: string } = {},
): Promise<{ containerId: string; hostPort?: number }> {
  const hostPort = opts.publish === false ? undefined : await freePort();
  const c = await engine.createContainer({
    Image: IMAGE,
    Env: ["PORT=5000", ...(opts.env ?? [])],
    Cmd: opts.cmd,
    Labels: labels,
    HostConfig: {
      PortBindings: hostPort ? { "5000/tcp": [{ HostIp: "127.0.0.1", HostPort: String(hostPort) }] } : {},
      RestartPolicy: { Name: opts.restart ?? "no" },
      NetworkMode: opts.network,
    },
  });
  await c.start();
  return { containerId: c.id, hostPort };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = Date.now();
  await fn();
  return Date.now() - t0;
}

function hostPortAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

describe("health gates against real containers", () => {
  before(() => buildFixtureImage("gated", IMAGE, labels));
  after(() => removeLabelled(`slipway.test-run=${runId}`, true));

  it("http: waits for a slow app, then passes on 2xx", async () => {
    const t = await start({ env: ["DELAY=1"] });
    const ms = await timed(() => passGate(t, { kind: "http", path: "/health", retries: 100, ...fast }, gate));
    assert.ok(ms >= 900, `passed after ${ms}ms, before the app listened`);
  });

  it("http: on a deployment network (Docker's DNS listens on 127.0.0.11), an app starting for 3 s passes", async () => {
    const network = `slipway-test-${runId}-gated`;
    await engine.createNetwork({ Name: network, Labels: labels });
    const t = await start({ env: ["DELAY=3"], network });
    const ms = await timed(() => passGate(t, { kind: "http", path: "/health", retries: 100, ...fast }, gate));
    assert.ok(ms >= 2900, `passed after ${ms}ms, before the app listened`);
  });

  it("http: a 404 fails at once, naming the answer and what to change", async () => {
    const t = await start();
    const ms = await timed(() =>
      assert.rejects(
        passGate(t, { kind: "http", path: "/missing", retries: 1000, ...fast }, gate),
        (err: Error & { hint?: string }) => {
          assert.match(err.message, /GET \/missing answered 404/);
          assert.match(String(err.hint), /make GET \/missing answer 2xx or 3xx/);
          return true;
        },
      ),
    );
    assert.ok(ms < 3000, `took ${ms}ms to give up on a 404`);
  });

  it("an app listening on 127.0.0.1 inside the container is named at once, on a first deploy", async () => {
    const t = await start({ cmd: ["httpd", "-f", "-p", "127.0.0.1:5000", "-h", "/www"] });
    const slow = { settleMs: 0, deadlineMs: 30_000 };
    const ms = await timed(() =>
      assert.rejects(
        passGate(t, { kind: "http", path: "/health", retries: 1000, ...fast }, slow),
        (err: Error & { hint?: string }) => {
          assert.match(err.message, /listens on 127\.0\.0\.1:5000 inside the container/);
          assert.match(String(err.hint), /listen on 0\.0\.0\.0 \(all interfaces\), port 5000/);
          assert.match(String(err.hint), /nothing was serving before/);
          assert.doesNotMatch(String(err.hint), /previous release/);
          return true;
        },
      ),
    );
    assert.ok(ms < 8000, `took ${ms}ms`);
  });

  it("an app listening on another port is named, and the previous release is said to serve", async () => {
    const t = await start({ cmd: ["httpd", "-f", "-p", "8081", "-h", "/www"] });
    const opts = { settleMs: 0, deadlineMs: 30_000, previousServing: true };
    await assert.rejects(
      passGate(t, { kind: "tcp", retries: 1000, ...fast }, opts),
      (err: Error & { hint?: string }) => {
        assert.match(err.message, /listens on port 8081, not on port 5000/);
        assert.match(String(err.hint), /listen on \$PORT \(5000\), or declare port 8081/);
        assert.match(String(err.hint), /the previous release is still serving/);
        return true;
      },
    );
  });

  it("a check with few retries reports the time it really waited", async () => {
    const t = await start({ env: ["DELAY=60"] });
    await assert.rejects(passGate(t, { kind: "tcp", retries: 3, ...fast }, gate), (err: Error) => {
      assert.match(err.message, /after [0-2]\.\ds: port 5000/);
      assert.doesNotMatch(err.message, /within 8s/);
      return true;
    });
  });

  it("tcp: the published port accepting is not enough; the app's own socket must", async () => {
    const t = await start({ env: ["DELAY=2"] });
    // docker-proxy answers on the host port although nothing listens inside yet: the trap the gate avoids.
    const proxyAccepts = await hostPortAccepts(t.hostPort!);
    const ms = await timed(() => passGate(t, { kind: "tcp", retries: 100, ...fast }, gate));
    assert.ok(ms >= 1500, `tcp gate passed after ${ms}ms (docker-proxy accepted early: ${proxyAccepts})`);
  });

  it("cmd: runs argv inside the container until it exits 0", async () => {
    const t = await start({ cmd: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 600"], publish: false });
    const check: HealthCheck = { kind: "cmd", command: ["test", "-f", "/tmp/ready"], retries: 100, ...fast };
    assert.ok((await timed(() => passGate(t, check, gate))) >= 900);
    await assert.rejects(
      passGate(t, { kind: "cmd", command: ["false"], retries: 2, ...fast }, gate),
      /`false` exited 1/,
    );
  });

  it("none: the port accepts and the container has stayed up for settleMs", async () => {
    const t = await start();
    const ms = await timed(() => passGate(t, { kind: "none" }, gate));
    const upMs =
      Date.now() - Date.parse((await engine.getContainer(t.containerId).inspect()).State.StartedAt);
    assert.ok(upMs >= 800 && ms < 4000, `up ${upMs}ms after a ${ms}ms gate`);
  });

  it("none: a worker without ports must stay up; a crash fails fast with its last log lines", async () => {
    const worker = await start({ cmd: ["sleep", "600"], publish: false });
    await passGate(worker, { kind: "none" }, gate);
    const crashing = await start({
      cmd: ["sh", "-c", "echo worker giving up; sleep 0.3; exit 4"],
      publish: false,
    });
    const err = await passGate(crashing, { kind: "none" }, { settleMs: 5000, deadlineMs: 8000 }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.match(
      String(err?.message),
      /exited with code 4 before it answered its health check \(staying up\)/,
    );
    assert.match(String(err?.message), /worker giving up/);
  });

  it("a container its restart policy brings back still fails at once", async () => {
    const t = await start({ cmd: ["sh", "-c", "echo boom; exit 1"], restart: "unless-stopped" });
    const ms = await timed(() =>
      assert.rejects(
        passGate(
          t,
          { kind: "http", path: "/health", retries: 1000, ...fast },
          { settleMs: 0, deadlineMs: 20_000 },
        ),
        /exited (with code 1|and was started again)[\s\S]*before it answered[\s\S]*boom/,
      ),
    );
    assert.ok(ms < 5000, `took ${ms}ms to notice the crash`);
  });
});
