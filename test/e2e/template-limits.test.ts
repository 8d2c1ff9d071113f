import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { BASE_IMAGE, engine } from "../support/base-image.js";
import { Harness, fetchVia, type RunResult } from "../support/harness.js";
import { patchSettings } from "../support/settings-file.js";

/** A port below 1024 nothing on this host holds; root may bind it, as Docker will. */
async function freeLowPort(): Promise<number> {
  for (let port = 990; port > 900; port--) {
    const free = await new Promise<boolean>((resolve) => {
      const s = net
        .createServer()
        .once("error", () => resolve(false))
        .listen(port, "0.0.0.0", () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port between 901 and 990");
}

const mail = (publish: number[], env = "1") => `services:
  mail:
    image: "${BASE_IMAGE}"
    cmd: exec httpd -f -p $PORT_SMTP -h /www
    env: {V: "${env}"}
    publish: {${publish.map((p) => `"${p}": smtp`).join(", ")}}
`;

describe("template limits: alias bombs, sizes, process and memory limits, list commands, publish ports", () => {
  const h = new Harness();
  const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);
  const containersOf = (app: string, service: string) =>
    engine.listContainers({
      all: true,
      filters: { label: [h.label, `slipway.app=${app}`, `slipway.service=${service}`] },
    });

  before(async () => {
    await h.start();
    patchSettings(h, (s) => (s.defaults = { memory: "256m", pids: 300 }));
  });
  after(() => h.stop());

  it("a billion-laughs template over ssh is refused at once, before it expands; so is one over 256 kB", async () => {
    const levels = "abcdefghi".split("");
    const bomb = levels.map(
      (l, i) =>
        `${l}: &${l} [${
          i
            ? Array(9)
                .fill(`*${levels[i - 1]}`)
                .join(",")
            : Array(9).fill('"lol"').join(",")
        }]`,
    );
    const started = Date.now();
    const res = await h.ssh("deploy - bomb", undefined, {
      input: `${bomb.join("\n")}\nservices: {web: {image: x, env: {X: *i}}}\n`,
    });
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      /template:7:23 uses more than 50 YAML aliases \(\*name\); write the repeated parts out/,
    );
    // Before the limit it took 30 s of CPU here; refused, it is one CLI start.
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    // set_service's spec is YAML too, merged into the stored template and written out again.
    const spec = await h.ssh("deploy - bomb --service web", undefined, {
      input: `${bomb.join("\n")}\nimage: x\nenv: {X: *i}\n`,
    });
    assert.equal(spec.code, 1);
    assert.match(spec.stderr, /the spec of web is not JSON or YAML: uses more than 50 YAML aliases/);
    const big = await h.ssh("deploy - bomb", undefined, {
      input: `services: {web: {image: "${BASE_IMAGE}"}}\n# ${"x".repeat(300_000)}\n`,
    });
    assert.equal(big.code, 1);
    assert.match(big.stderr, /the template on stdin is over 262144 bytes/);
    assert.deepEqual(
      await engine.listContainers({ all: true, filters: { label: [h.label, "slipway.app=bomb"] } }),
      [],
    );
  });

  it("a list cmd is the container's argv with no shell; pids and memory limits reach every container", async () => {
    const template = `services:
  web:
    image: "${BASE_IMAGE}"
    ports: {http: 5000}
    pids: 40
    cmd: [sh, -c, 'echo "$1" > /www/index.html && exec httpd -f -p 5000 -h /www', web, "$HOME; not expanded"]
  worker:
    image: "${BASE_IMAGE}"
    cmd: exec sleep 600
`;
    ok(await h.slipway(["deploy", "-", "limits"], template));
    assert.equal((await h.fetch("limits", "/")).body, "$HOME; not expanded\n");
    const [web] = await containersOf("limits", "web");
    const webInfo = await engine.getContainer(web.Id).inspect();
    assert.deepEqual(webInfo.Config.Cmd, [
      "sh",
      "-c",
      'echo "$1" > /www/index.html && exec httpd -f -p 5000 -h /www',
      "web",
      "$HOME; not expanded",
    ]);
    assert.equal(webInfo.HostConfig.PidsLimit, 40);
    const worker = await engine.getContainer((await containersOf("limits", "worker"))[0].Id).inspect();
    assert.deepEqual(
      [worker.HostConfig.PidsLimit, worker.HostConfig.Memory],
      [300, 256 * 1024 ** 2],
      "the server's defaults",
    );
  });

  it("a fork loop in a one-off stops at the service's process limit", async () => {
    const loop = "i=0; while [ $i -lt 200 ]; do sleep 5 & i=$((i+1)); echo $i > /tmp/n; done";
    // `read` and `echo` are shell builtins, so the outer shell reports even with no process left to fork.
    const res = await h.slipway(
      ["run", "limits", "sh", "-c", 'sh -c "$1"; read n < /tmp/n; echo "spawned=$n"', "outer", loop],
      undefined,
      { timeoutMs: 60_000 },
    );
    ok(res);
    const spawned = Number(/spawned=(\d+)/.exec(res.stdout)?.[1]);
    assert.ok(
      spawned > 10 && spawned < 40,
      `spawned ${spawned} background processes: ${res.stdout}${res.stderr}`,
    );
    assert.match(res.stderr, /can't fork/);
  });

  it("publish refuses the server's ports, a held port and an unallowed low port, naming each", async () => {
    const holder = net.createServer().listen(0, "0.0.0.0");
    await new Promise((r) => holder.once("listening", r));
    const held = (holder.address() as net.AddressInfo).port;
    const low = await freeLowPort();
    try {
      const res = await h.slipway(["deploy", "-", "pub"], mail([22, 80, low, held]));
      assert.equal(res.code, 1);
      assert.match(
        res.stderr,
        new RegExp(
          [
            "host port 22 \\(services.mail.publish\\) is SSH's port; the server itself needs it",
            "host port 80 \\(services.mail.publish\\) is nginx's HTTP port; the server itself needs it",
            `host port ${low} \\(services.mail.publish\\) is below 1024, which an admin must allow first`,
            `host port ${held} \\(services.mail.publish\\) is already in use on this host \\(something listens on it, tcp\\)`,
          ].join("\\n"),
        ),
      );
      assert.match(res.stderr, /slipway ports:allow PORT/);
      assert.deepEqual(await containersOf("pub", "mail"), [], "nothing was started");
    } finally {
      holder.close();
    }
  });

  it("ports:allow lets a low port through; the app's own live port stays its own on redeploy", async () => {
    const low = await freeLowPort();
    const remote = await h.ssh(`ports:allow ${low}`);
    assert.notEqual(remote.code, 0, "not a remote command");
    assert.match(remote.stderr, /"ports:allow \d+" is not a git push, clone or Slipway command/);
    assert.match(
      (await h.slipway(["ports:allow", "22"])).stderr,
      /port 22 is SSH's port; the server needs it/,
    );
    ok(await h.slipway(["ports:allow", String(low)]));
    ok(await h.slipway(["deploy", "-", "pub"], mail([low])));
    assert.equal((await fetchVia(low, "any", "/")).status, 404, "httpd answers on the published port");
    ok(await h.slipway(["deploy", "-", "pub"], mail([low], "2")));
    const report = JSON.parse((await h.slipway(["ports:report", "--json"])).stdout) as {
      port: number;
      publish: string;
    }[];
    assert.ok(report.some((r) => r.port === low && r.publish === "allowed"));
    assert.ok(report.some((r) => r.port === 22 && r.publish === "never"));
    ok(await h.slipway(["ports:disallow", String(low)]));
    const refused = await h.slipway(["deploy", "-", "pub"], mail([low], "3"));
    assert.match(refused.stderr, new RegExp(`host port ${low} \\(services.mail.publish\\) is below 1024`));
  });
});
