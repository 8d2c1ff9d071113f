import assert from "node:assert/strict";
import { describe, it } from "node:test";
import http from "node:http";
import os from "node:os";
import { fetchVia, run, useServerWithApp } from "../support/harness.js";

function getFrom(address: string, port: number, host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: address, port, path, headers: { Host: host }, timeout: 5000, agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once("timeout", () => req.destroy(new Error("timed out")));
    req.once("error", reject);
  });
}

/** Requests the app itself saw: busybox httpd -vv logs one `url:` line for each. */
async function hits(containerId: string): Promise<number> {
  const logs = await run(["docker", "logs", containerId]);
  return (logs.stdout + logs.stderr).split("\n").filter((l) => l.includes(": url:")).length;
}

describe("deploys confirm routes with nginx alone, and scaling keeps what runs", () => {
  const { h, work } = useServerWithApp("hello");
  /** Container ids of the live release's instances (replaced ones may still be draining beside them). */
  const ids = async (service: string) => {
    const report = JSON.parse((await ssh("ps:report hello --json")).stdout) as {
      service: string;
      container: string;
    }[];
    const names = report.filter((r) => r.service === service).map((r) => r.container);
    const out = await run(["docker", "inspect", "-f", "{{.Id}}", ...names]);
    return out.stdout.split("\n").filter(Boolean).sort();
  };
  const running = (): Promise<string> =>
    run(["docker", "ps", "-q", "--no-trunc", "--filter", `label=${h.label}`]).then((r) => r.stdout);
  const ssh = async (command: string) => {
    const res = await h.ssh(command);
    assert.equal(res.code, 0, `${command}: ${res.stderr}`);
    return res;
  };

  it("a push, a restart and a scale send the app no request at all", async () => {
    work().write(
      "Dockerfile",
      'FROM slipway-test/busybox:1\nCOPY index.html /www/index.html\nCMD exec httpd -f -vv -p "$PORT" -h /www\n',
    );
    const env = '    env: {WHO: "$SLIPWAY_SERVICE at ${SLIPWAY_DEPLOYMENT}", PRICE: "$$5"}\n';
    work().write(
      "slipway.yml",
      `services:\n  web:\n    build: .\n${env}  worker:\n    build: .\n    cmd: sleep 100000\n`,
    );
    await work().commit("a counting web and a worker");
    const push = await work().push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    const [web] = await ids("web");
    assert.equal(await hits(web), 0, "the deploy sent the app requests");
    const vars = (await run(["docker", "inspect", "-f", "{{json .Config.Env}}", web])).stdout;
    assert.ok(
      vars.includes('"WHO=web at hello"') && vars.includes('"PRICE=$5"'),
      `bare $VAR is interpolated as compose does: ${vars}`,
    );
    assert.equal((await h.fetch("hello")).status, 200);
    assert.equal(await hits(web), 1, "the counter counts a visitor's request");

    await ssh("ps:restart hello web");
    const [restarted] = await ids("web");
    assert.notEqual(restarted, web);
    assert.equal(await hits(restarted), 0, "the restart sent the app requests");

    await ssh("ps:scale hello web=2");
    const both = await ids("web");
    assert.equal(both.length, 2);
    assert.ok(both.includes(restarted), "scaling up kept the running web container");
    for (const id of both) assert.equal(await hits(id), 0, "scaling sent the app requests");
  });

  it("nginx answers the route check itself, and only to loopback", async () => {
    const check = await fetchVia(h.nginxPort, `hello.${h.domain}`, "/.well-known/slipway-route");
    assert.equal(check.status, 204);
    // A visitor comes from another address: nginx listens on every interface, so try one of the host's own.
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal);
    assert.ok(outside, "the host has a non-loopback IPv4 address");
    const visitor = await getFrom(
      outside.address,
      h.nginxPort,
      `hello.${h.domain}`,
      "/.well-known/slipway-route",
    );
    assert.equal(visitor, 403);
    for (const id of await ids("web")) assert.equal(await hits(id), 0);
  });

  it("ps:scale adds and removes worker containers without replacing the running one", async () => {
    const [first] = await ids("worker");
    const scaled = JSON.parse((await ssh("ps:scale hello worker=3 --json")).stdout) as {
      release: number;
      services: Record<string, string[]>;
    };
    assert.equal(scaled.services.worker.length, 3, "--json names the release's containers");
    const three = await ids("worker");
    assert.equal(three.length, 3);
    assert.ok(three.includes(first), "the running worker was replaced instead of kept");
    await ssh("ps:scale hello worker=1");
    assert.deepEqual(
      await ids("worker"),
      [first],
      "scaling down removes the highest instances, not the first",
    );
    const gone = three.filter((id) => id !== first);
    const deadline = Date.now() + 30_000; // the scaled-away ones drain in the background
    const stillUp = async () => {
      const up = await running();
      return gone.some((id) => up.includes(id));
    };
    while ((await stillUp()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    assert.ok(!(await stillUp()), "the scaled-away workers were not removed");
    const releases = JSON.parse((await ssh("releases hello --json")).stdout) as {
      release: number;
      live: boolean;
    }[];
    assert.deepEqual(
      releases.map((r) => r.live),
      releases.map((r, i) => i === 0),
      '"live" is true for the live release only',
    );
  });

  it("typos and options get usage errors (exit 2) in Slipway's words, and COMMAND --help its usage", async () => {
    const typo = await h.ssh("confg:set hello A=1");
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown command "confg:set"; did you mean config:set\?/);
    const option = await h.ssh("releases hello --tial");
    assert.equal(option.code, 2);
    assert.match(option.stderr, /releases has no option --tial\n.*usage: releases APP \[--json\]/);
    assert.doesNotMatch(option.stderr, /positional/);
    const help = await ssh("ps:scale --help");
    assert.match(help.stdout, /^usage: ssh git@HOST ps:scale APP SERVICE=N\.\.\. \[--json\]\n/);
    const set = JSON.parse((await ssh("config:set hello A=1 --no-restart --json")).stdout);
    assert.deepEqual(set, { app: "hello", set: ["A"], release: null, cause: null, services: {} });
    assert.match((await ssh("version")).stdout, /^slipway \d+\.\d+\.\d+/);
    const back = JSON.parse((await ssh("rollback hello --json")).stdout) as {
      release: number;
      cause: string;
    };
    assert.match(back.cause, /^rollback of \d+$/);
  });
});
