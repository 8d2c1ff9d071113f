import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { BASE_IMAGE } from "../support/base-image.js";
import { NODE_IMAGE, ensureBuilderImages } from "../support/builder-images.js";
import { WorkTree, useServerWithApp } from "../support/harness.js";
import { patchSettings } from "../support/settings-file.js";

describe("built-in detection builds an app with no Dockerfile", () => {
  const { h, work: tree } = useServerWithApp("node-hello");
  let work: WorkTree;
  before(async () => {
    work = tree();
    await ensureBuilderImages();
    patchSettings(h, (s) => (s.builders = { ...s.builders, detectImages: { node: NODE_IMAGE } }));
  });

  it("deploys a node app end to end, saying which builder and why", async () => {
    const push = await work.push(h.remoteUrl("nodeapp"));
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /-----> Building nodeapp release 1 with built-in detection/);
    assert.match(
      push.stderr,
      /-----> Builder: detect, because no Dockerfile, and no buildpack builder image \(flynn\/slugbuilder\) on this host/,
    );
    assert.match(
      push.stderr,
      new RegExp(`-----> Detected a node app \\(package\\.json\\); building on ${NODE_IMAGE}`),
    );
    assert.match(push.stderr, /Step \d+\/\d+ : RUN npm ci --omit=dev/);
    assert.match(push.stderr, /-----> Dependencies installed \(`npm ci --omit=dev`\)/);
    const page = await h.fetch("nodeapp");
    assert.equal(page.status, 200);
    assert.equal(page.body, "hello from node v1\n");
  });

  it("reuses the dependency layer when a push changes only code", async () => {
    work.write("server.js", work.read("server.js").replace("node v1", "node v2"));
    await work.commit("code only");
    const push = await work.push(h.remoteUrl("nodeapp"));
    assert.equal(push.code, 0, push.stderr);
    // The engine's own words, between the install step and the next one.
    const installStep = /Step \d+\/\d+ : RUN npm ci --omit=dev\s*\n([^]*?)Step /.exec(push.stderr)?.[1] ?? "";
    assert.match(installStep, /---> Using cache/, "the engine reused the npm ci layer");
    assert.doesNotMatch(installStep, /Running in/);
    assert.match(push.stderr, /-----> Dependencies unchanged: reused the cached `npm ci --omit=dev` layer/);
    assert.equal((await h.fetch("nodeapp")).body, "hello from node v2\n");
  });

  it("runs the Procfile's web type instead of npm start", async () => {
    work.write("Procfile", "web: MESSAGE_SUFFIX=procfile node server.js\n");
    work.write(
      "server.js",
      work
        .read("server.js")
        .replace('"hello from node v2\\n"', '"hello from " + process.env.MESSAGE_SUFFIX + "\\n"'),
    );
    await work.commit("procfile");
    const push = await work.push(h.remoteUrl("nodeapp"));
    assert.equal(push.code, 0, push.stderr);
    assert.equal((await h.fetch("nodeapp")).body, "hello from procfile\n");
  });

  it("rejects a push to an app set to deploy prebuilt images, until set back to auto", async () => {
    const set = await h.ssh("builder:set nodeapp image");
    assert.equal(set.code, 0, set.stderr);
    work.write("server.js", work.read("server.js").replace("hello from", "hi from"));
    await work.commit("rejected");
    const push = await work.push(h.remoteUrl("nodeapp"));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /deploys prebuilt images only/);
    assert.equal((await h.fetch("nodeapp")).body, "hello from procfile\n");
    assert.equal((await h.ssh("builder:set nodeapp auto")).code, 0);
    const again = await work.push(h.remoteUrl("nodeapp"));
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await h.fetch("nodeapp")).body, "hi from procfile\n");
  });

  it("refuses an unknown builder name", async () => {
    const res = await h.ssh("builder:set nodeapp heroku");
    assert.equal(res.code, 2);
    assert.match(res.stderr, /unknown builder "heroku"/);
  });

  it("serves a static site with busybox httpd from the static base image", async () => {
    patchSettings(h, (s) => (s.builders.detectImages.static = BASE_IMAGE));
    const site = await new WorkTree(h.clientEnv()).init("static-site");
    try {
      const push = await site.push(h.remoteUrl("site"));
      assert.equal(push.code, 0, push.stderr);
      assert.match(
        push.stderr,
        /-----> Detected a static app \(index\.html\); building on slipway-test\/busybox:1/,
      );
      assert.doesNotMatch(push.stderr, /Dependencies/);
      assert.equal((await h.fetch("site")).body, "a static site\n");
    } finally {
      site.remove();
    }
  });

  it("rejects a repository it cannot recognise, listing what it looked for", async () => {
    const other = await new WorkTree(h.clientEnv()).init("unrecognised");
    try {
      const push = await other.push(h.remoteUrl("mystery"));
      assert.notEqual(push.code, 0);
      assert.match(
        push.stderr,
        /could not tell how to build this app: no Dockerfile, and none of package\.json \(node\), requirements\.txt \(python\), go\.mod \(go\), index\.html \(static\)/,
      );
      assert.match(push.stderr, /pre-receive hook declined/);
      assert.equal((await h.fetch("mystery")).status, 404);
    } finally {
      other.remove();
    }
  });
});
