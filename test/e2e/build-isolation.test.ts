import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BASE_IMAGE, engine } from "../support/base-image.js";
import { ROOT, run, useServerWithApp } from "../support/harness.js";
import { ensureBuildNetwork } from "../../src/engine/network.js";
import { defaultSettings } from "../../src/state/settings.js";
import { patchSettings } from "../support/settings-file.js";

const FIREWALL = path.join(ROOT, "bin", "slipway-build-firewall");

/** A private service on the host: answers a secret and counts who asked. */
interface SecretServer {
  port: number;
  hits: () => number;
  close: () => void;
}

async function secretServer(host: string, secret: string): Promise<SecretServer> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.end(secret);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as { port: number }).port, hits: () => hits, close: () => server.close() };
}

/** A container answering on :8080 on the given network; returns its address there. */
async function peer(network: string, label: string): Promise<string> {
  const [key, value] = label.split("=");
  const c = await engine.createContainer({
    Image: BASE_IMAGE,
    Cmd: ["httpd", "-f", "-p", "8080", "-h", "/etc"],
    Labels: { [key]: value },
    HostConfig: { NetworkMode: network },
  });
  await c.start();
  return (await c.inspect()).NetworkSettings.Networks[network].IPAddress;
}

/** An untagged image nobody uses: exactly what pruning would delete if its id got recorded. */
async function untaggedImage(label: string): Promise<string> {
  const [key, value] = label.split("=");
  const { pack } = await import("tar-stream");
  const tar = pack();
  tar.entry({ name: "Dockerfile" }, `FROM ${BASE_IMAGE}\nRUN echo not-hello > /other\n`);
  tar.finalize();
  const built = await engine.buildImage(tar as never, { labels: { [key]: value } } as never);
  const stream = built as unknown as NodeJS.ReadableStream;
  type Event = { aux?: { ID?: string } };
  const events: Event[] = await new Promise((resolve, reject) => {
    engine.modem.followProgress(stream, (err: Error | null, out: Event[]) =>
      err ? reject(err) : resolve(out),
    );
  });
  const id = events.find((e) => e.aux?.ID)?.aux?.ID;
  assert.ok(id, "the untagged image was built");
  return id;
}

describe("build isolation", () => {
  const { h, work } = useServerWithApp("hello");
  const network = `swb-${h.id}`;
  const servers: SecretServer[] = [];
  let otherApp: SecretServer;
  let slipwayd: SecretServer;
  let hostService: SecretServer;
  let dockerfile = "";

  before(async () => {
    const file = path.join(h.state, "settings.json");
    const stored = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, JSON.stringify({ ...stored, builders: { network, firewall: [FIREWALL] } }));
    const firewall = await run([FIREWALL, "add", network]);
    assert.equal(firewall.code, 0, firewall.stderr);
    otherApp = await secretServer("127.0.0.1", "other-app-secret");
    slipwayd = await secretServer("127.0.0.1", "slipwayd-secret");
    hostService = await secretServer("0.0.0.0", "host-service-secret");
    servers.push(otherApp, slipwayd, hostService);
    dockerfile = fs.readFileSync(path.join(work().dir, "Dockerfile"), "utf8");
  });

  after(async () => {
    for (const s of servers) s.close();
    await run([FIREWALL, "remove", network]);
    for (const c of await engine.listContainers({ all: true, filters: { network: [network] } })) {
      await engine
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => {});
    }
    await engine
      .getNetwork(network)
      .remove()
      .catch(() => {});
  });

  it("refuses ADD of loopback services at push time: nothing fetched, built or printed", async () => {
    work().write(
      "Dockerfile",
      `${dockerfile}ADD http://127.0.0.1:${otherApp.port}/ /www/other.html\n` +
        `add \\\n  http://127.0.0.1:${slipwayd.port}/ /www/slipwayd.json\n`,
    );
    await work().commit("add loopback urls");
    const push = await work().push(h.remoteUrl("hello"));
    assert.notEqual(push.code, 0, push.stderr);
    assert.match(push.stderr, /Dockerfile line 6: ADD http:\/\/127\.0\.0\.1:\d+\/ \(and 1 more\) is refused/);
    assert.match(push.stderr, /RUN wget/);
    assert.doesNotMatch(push.stdout + push.stderr, /secret/);
    assert.equal(otherApp.hits() + slipwayd.hits(), 0, "the engine fetched nothing");
    assert.deepEqual(await engine.listImages({ filters: { label: [h.label, "slipway.app=hello"] } }), []);

    // A registry on a loopback port would be called by the engine on the host just the same.
    work().write("Dockerfile", `ARG REG=127.0.0.1:${slipwayd.port}\nFROM \${REG}/private/image\n`);
    await work().commit("from a loopback registry");
    const pull = await work().push(h.remoteUrl("hello"));
    assert.notEqual(pull.code, 0, pull.stderr);
    assert.match(pull.stderr, /Dockerfile line 2: the image \$\{REG\}\/private\/image is refused/);
    assert.equal(slipwayd.hits(), 0, "the engine called nothing");
  });

  it("RUN steps reach neither the host, other apps nor other builds; printed ids are ignored", async () => {
    const settings = {
      ...defaultSettings,
      builders: { ...defaultSettings.builders, network, firewall: [FIREWALL] },
    };
    await ensureBuildNetwork(settings);
    const appNetwork = `${h.id}-other-app`;
    await engine.createNetwork({ Name: appNetwork, Driver: "bridge", Labels: { "slipway.test-run": h.id } });
    const [appIp, buildIp] = [await peer(appNetwork, h.label), await peer(network, h.label)];
    const addresses = Object.values(os.networkInterfaces()).flat();
    const hostIp = addresses.find((a) => a && !a.internal && a.family === "IPv4")?.address;
    assert.ok(hostIp, "the host has a non-loopback address");
    const other = await untaggedImage(h.label);
    const hex = other.replace(/^sha256:/, "");
    const targets = [
      `http://$gw:${hostService.port}/`,
      `http://${hostIp}:${hostService.port}/`,
      `http://${appIp}:8080/passwd`,
      `http://${buildIp}:8080/passwd`,
    ];
    // busybox wget's own -T crashes here; `timeout` bounds each attempt. Whatever answers is printed.
    work().write(
      "Dockerfile",
      `${dockerfile}RUN gw=$(ip route | awk '/default/ {print $3}'); ` +
        `for u in ${targets.join(" ")}; do rm -f /tmp/p; timeout 3 wget -q -O /tmp/p "$u"; ` +
        `echo "tried $u: $(head -c 40 /tmp/p 2>/dev/null)"; done\n` +
        `RUN printf ' ---> %s\\n' ${hex.slice(0, 12)} ${hex} sha256:${hex}\n`,
    );
    await work().commit("probe the network");
    const push = await work().push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    assert.equal(push.stderr.match(/tried http/g)?.length, 4, push.stderr);
    assert.doesNotMatch(push.stderr, /secret|root:x/);
    assert.equal(hostService.hits(), 0);
    assert.equal((await h.fetch("hello")).status, 200);

    // The push ran retention (pruneAppImages); a second deploy runs it again.
    assert.equal((await h.slipway(["ps:restart", "hello"])).code, 0);
    await engine.getImage(other).inspect(); // throws if pruning took it
    const recorded = fs.readFileSync(path.join(h.state, "apps", "hello", "build-layers.json"), "utf8");
    assert.doesNotMatch(recorded, new RegExp(hex.slice(0, 12)));
  });

  it("puts a flushed firewall rule back before it builds, and builds nothing when it cannot", async () => {
    const ruleIn = async () =>
      (await run(["iptables", "-w", "-C", "INPUT", "-i", network, "-j", "DROP"])).code === 0;
    await run([FIREWALL, "remove", network]); // as a firewall reload would
    assert.equal(await ruleIn(), false);
    work().write("Dockerfile", dockerfile).write("index.html", "firewalled\n");
    await work().commit("after a flush");
    const push = await work().push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    assert.equal(await ruleIn(), true, "the push put the rule back before building");

    patchSettings(h, (s) => (s.builders.firewall = ["false"])); // a helper that cannot do it
    work().write("index.html", "unprotected\n");
    await work().commit("without a firewall");
    const refused = await work().push(h.remoteUrl("hello"));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /builds are refused: the firewall rule that keeps them off this host/);
    assert.match(refused.stderr, /sudo \.\/configure-system\.sh/);
    assert.doesNotMatch(refused.stderr, /Step 1\//, "nothing was built");
    assert.equal((await h.fetch("hello")).body, "firewalled\n");
    patchSettings(h, (s) => (s.builders.firewall = [FIREWALL]));
  });
});
