import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BASE_IMAGE } from "../support/base-image.js";
import { Daemon } from "../support/daemon.js";
import { Harness, WorkTree, run } from "../support/harness.js";

// A key limited to alpha must not run, or build from, beta's image: it holds beta's code and files.
describe("images belong to their app: a scoped caller cannot deploy another app's image", () => {
  const h = new Harness();
  const daemon = new Daemon(h);
  let aliceKey = "";
  let aliceToken = "";
  let betaImage = "";
  let alpha: WorkTree;

  const refusedImage = (text: string) =>
    new RegExp(`the image ${betaImage} belongs to another app`).test(text);
  const releasesOf = async (app: string) => (await h.slipway(["releases", app, "--json"])).stdout;

  before(async () => {
    await h.start();
    await daemon.start();
    aliceKey = path.join(h.dir, "alice");
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", aliceKey]);
    const add = await h.slipway(
      ["keys:add", "alice", "--apps", "alpha"],
      fs.readFileSync(`${aliceKey}.pub`, "utf8"),
    );
    assert.equal(add.code, 0, add.stderr);
    aliceToken = (await h.slipway(["tokens:create", "alpha-ci", "--apps", "alpha"])).stdout.trim();
    // beta, deployed by the admin key: a real build, so its image carries beta's label.
    const beta = await new WorkTree(h.clientEnv()).init("hello");
    const pushed = await beta.push(h.remoteUrl("beta"));
    assert.equal(pushed.code, 0, pushed.stderr);
    beta.remove();
    const filter = ["--filter", `label=${h.label}`, "--filter", "label=slipway.app=beta"];
    betaImage = (await run(["docker", "images", ...filter, "--format", "{{.Repository}}:{{.Tag}}"])).stdout
      .trim()
      .split("\n")[0];
    assert.match(betaImage, /beta:\d+$/);
    alpha = await new WorkTree(h.clientEnv(aliceKey)).init("hello");
    const first = await alpha.push(h.remoteUrl("alpha"));
    assert.equal(first.code, 0, `alice deploys her own app: ${first.stderr}`);
  });
  after(async () => {
    alpha?.remove();
    await daemon.stop();
    await h.stop();
  });

  async function pushRefused(files: Record<string, string>, where: RegExp): Promise<void> {
    const before = await releasesOf("alpha");
    for (const [file, text] of Object.entries(files)) alpha.write(file, text);
    await alpha.commit(`try ${Object.keys(files).join(", ")}`);
    const push = await alpha.push(h.remoteUrl("alpha"));
    assert.notEqual(push.code, 0, "the push is refused");
    assert.ok(refusedImage(push.stderr), push.stderr);
    assert.match(push.stderr, where);
    assert.equal(await releasesOf("alpha"), before, "no release was made");
    await alpha.git(["reset", "-q", "--hard", "HEAD~1"]);
  }

  it("refuses a push whose Dockerfile builds FROM beta's image, also through an ARG", async () => {
    await pushRefused({ Dockerfile: `FROM ${betaImage}\n` }, /Dockerfile line 1/);
    await pushRefused({ Dockerfile: `ARG BASE=${betaImage}\nFROM $BASE\n` }, /Dockerfile line 2/);
    await pushRefused(
      { Dockerfile: `FROM scratch\nCOPY --from=${betaImage} /www /www\n` },
      /Dockerfile line 2/,
    );
  });

  it("refuses a push whose slipway.yml runs beta's image as a service", async () => {
    await pushRefused(
      { "slipway.yml": `services:\n  web:\n    build: .\n  copy:\n    image: ${betaImage}\n` },
      /slipway\.yml: service copy/,
    );
  });

  it("refuses deploy:image and a template of beta's image, over SSH and through the API", async () => {
    const before = await releasesOf("alpha");
    const image = await h.ssh(`deploy:image alpha ${betaImage}`, aliceKey);
    assert.equal(image.code, 77, image.stderr);
    assert.ok(refusedImage(image.stderr), image.stderr);
    const template = `services:\n  web:\n    image: ${betaImage}\n`;
    const viaSsh = await h.ssh("deploy - alpha", aliceKey, { input: template });
    assert.equal(viaSsh.code, 77, viaSsh.stderr);
    assert.ok(refusedImage(viaSsh.stderr), viaSsh.stderr);
    const viaApi = await daemon.request("PUT", "/api/v1/deployments/alpha", aliceToken, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ template }),
    });
    assert.equal(viaApi.status, 403, viaApi.body);
    assert.ok(refusedImage(viaApi.body), viaApi.body);
    assert.equal(await releasesOf("alpha"), before, "nothing was deployed");
  });

  it("an admin may deploy beta's image as alpha; alice may still deploy an image no app built", async () => {
    const admin = await h.ssh(`deploy:image alpha ${betaImage}`);
    assert.equal(admin.code, 0, admin.stderr);
    assert.equal((await h.fetch("alpha")).body, "hello v1\n");
    const own = `services:\n  web:\n    image: ${BASE_IMAGE}\n    cmd: exec httpd -f -p $PORT -h /etc\n`;
    const plain = await h.ssh("deploy - alpha", aliceKey, { input: own });
    assert.equal(plain.code, 0, plain.stderr);
  });
});
