import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { BASE_IMAGE } from "../support/base-image.js";
import { SLUGBUILDER_IMAGE, SLUGRUNNER_IMAGE, ensureBuilderImages } from "../support/builder-images.js";
import {
  SLIPWAY_BIN,
  WorkTree,
  run,
  useServerWithApp,
  type Harness,
  type RunResult,
} from "../support/harness.js";
import { patchSettings } from "../support/settings-file.js";

describe("buildpacks over the slugbuilder protocol, with stand-in builder and runner images", () => {
  const { h, work: tree } = useServerWithApp("slug-hello");
  let work: WorkTree;
  before(async () => {
    work = tree();
    await ensureBuilderImages();
    patchSettings(
      h,
      (s) =>
        (s.builders = { ...s.builders, buildpackImage: SLUGBUILDER_IMAGE, runnerImage: SLUGRUNNER_IMAGE }),
    );
  });

  it("compiles a slug, layers it onto the runner and serves the Procfile's web type", async () => {
    const push = await work.push(h.remoteUrl("slugapp"));
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /-----> Building slugapp release 1 with buildpacks/);
    assert.match(
      push.stderr,
      new RegExp(
        `-----> Builder: buildpack, because no Dockerfile; the buildpack builder image ${SLUGBUILDER_IMAGE} is on this host`,
      ),
    );
    assert.match(push.stderr, /-----> Stand-in buildpack: compiling/);
    assert.match(push.stderr, /-----> Procfile process types: web, worker/);
    assert.match(push.stderr, /cache holds 0 earlier build\(s\)/);
    assert.match(push.stderr, new RegExp(`layering it onto ${SLUGRUNNER_IMAGE}`));
    const page = await h.fetch("slugapp");
    assert.equal(page.status, 200);
    assert.equal(page.body, "hello from a slug\n");
  });

  it("keeps the per-app cache volume between builds and streams the builder's log live", async () => {
    work
      .write("public/index.html", "second slug\n")
      .write("slow-build", "makes the stand-in builder sleep 3 s\n");
    await work.commit("second");
    let sawLog = 0;
    const child = spawn("git", ["push", h.remoteUrl("slugapp"), "master"], {
      cwd: work.dir,
      env: h.clientEnv(),
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
      if (!sawLog && stderr.includes("cache holds 1 earlier build(s)")) sawLog = Date.now();
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(code, 0, stderr);
    assert.ok(sawLog > 0, stderr);
    assert.ok(
      Date.now() - sawLog >= 2500,
      `the builder's log arrived only ${Date.now() - sawLog}ms before the end`,
    );
    assert.equal((await h.fetch("slugapp")).body, "second slug\n");
  });

  it("rejects the push when the builder fails, and keeps serving", async () => {
    await work.git(["rm", "-q", "Procfile"]);
    await work.commit("no procfile");
    const push = await work.push(h.remoteUrl("slugapp"));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /no Procfile; nothing to run/);
    assert.match(push.stderr, /the buildpack builder exited with code 1/);
    assert.equal((await h.fetch("slugapp")).body, "second slug\n");
    await work.git(["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("refuses a buildpack build whose runner image is missing, before compiling", async () => {
    patchSettings(h, (s) => (s.builders.runnerImage = "slipway-test/no-such-runner:1"));
    work.write("public/index.html", "never served\n");
    await work.commit("runner missing");
    const push = await work.push(h.remoteUrl("slugapp"));
    patchSettings(h, (s) => (s.builders.runnerImage = SLUGRUNNER_IMAGE));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /the image slipway-test\/no-such-runner:1 is not on this host/);
    assert.doesNotMatch(push.stderr, /Stand-in buildpack: compiling/);
    assert.equal((await h.fetch("slugapp")).body, "second slug\n");
    await work.git(["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("loads a `docker save` tarball and deploys the image with deploy:image, no registry involved", async () => {
    const ref = `slipway-test-${h.id}/prebuilt:1`;
    const dockerfile = `FROM ${BASE_IMAGE}\nRUN mkdir -p /www && echo prebuilt image > /www/index.html\nEXPOSE 8080\nCMD ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]\n`;
    const built = await run(["docker", "build", "-q", "--label", h.label, "-t", ref, "-"], {
      input: dockerfile,
    });
    assert.equal(built.code, 0, built.stderr);
    const tarball = path.join(h.dir, "prebuilt.tar");
    assert.equal((await run(["docker", "save", "-o", tarball, ref])).code, 0);
    assert.equal((await run(["docker", "rmi", ref])).code, 0);

    const missing = await h.slipway(["deploy:image", "imgapp", ref]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /the image .* is not on this host/);
    assert.match(missing.stderr, /images:load/);

    const load = await slipwayWithStdinFile(h, ["images:load"], tarball);
    assert.equal(load.code, 0, load.stderr);
    assert.match(load.stderr, new RegExp(`-----> Loaded ${ref}`));

    const deploy = await h.slipway(["deploy:image", "imgapp", ref]);
    assert.equal(deploy.code, 0, deploy.stderr);
    assert.match(deploy.stderr, new RegExp(`-----> Building imgapp release 1 from image ${ref}`));
    assert.match(deploy.stderr, /-----> Plan: web added/);
    assert.equal(
      JSON.parse((await h.slipway(["ps:report", "imgapp", "--json"])).stdout)[0].port,
      8080,
      "the port the image EXPOSEs",
    );
    assert.match(deploy.stderr, /-----> Deployed imgapp release 1 from /);
    assert.equal((await h.fetch("imgapp")).body, "prebuilt image\n");
  });

  it("refuses an image reference that is not one", async () => {
    const res = await h.slipway(["deploy:image", "imgapp", "busybox\nRUN rm -rf /"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /invalid image reference/);
  });

  it("destroying an app removes its release images and buildpack cache volume, not the image it was given", async () => {
    for (const app of ["slugapp", "imgapp"])
      assert.equal((await h.ssh(`apps:destroy ${app} --force`)).code, 0);
    const volumes = await run(["docker", "volume", "ls", "-q", "--filter", `label=${h.label}`]);
    assert.equal(volumes.stdout.trim(), "");
    const images = await run([
      "docker",
      "images",
      "-q",
      "--filter",
      `label=${h.label}`,
      "--filter",
      "label=slipway.app",
    ]);
    assert.equal(images.stdout.trim(), "");
    assert.equal(
      (await run(["docker", "image", "inspect", `slipway-test-${h.id}/prebuilt:1`])).code,
      0,
      "the loaded image stays",
    );
  });
});

/** Run the CLI with a file on stdin, as `slipway images:load < file` would. */
function slipwayWithStdinFile(h: Harness, args: string[], file: string): Promise<RunResult> {
  const child = spawn(SLIPWAY_BIN, args, { env: h.env, stdio: [fs.openSync(file, "r"), "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  return new Promise((resolve) =>
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr })),
  );
}
