import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { before, describe, it } from "node:test";
import { WorkTree, useServerWithApp, run } from "../support/harness.js";

describe("git push over SSH builds, runs and routes a Dockerfile app", () => {
  const { h, work: tree } = useServerWithApp("hello");
  let work: WorkTree;
  before(() => (work = tree()));

  it("deploys on the first push and serves the app through nginx", async () => {
    const push = await work.push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /-----> Building hello release 1 from Dockerfile/);
    assert.match(push.stderr, /-----> Step 1\/\d+ : FROM slipway-test\/busybox:1/);
    assert.match(push.stderr, /master is now the deploy branch/);
    const page = await h.fetch("hello");
    assert.equal(page.status, 200);
    assert.equal(page.body, "hello v1\n");
  });

  it("serves new content after a second push", async () => {
    work.write("index.html", "hello v2\n");
    await work.commit("v2");
    const push = await work.push(h.remoteUrl("hello"));
    assert.equal(push.code, 0, push.stderr);
    assert.equal((await h.fetch("hello")).body, "hello v2\n");
  });

  it("rejects a push whose build fails and keeps serving the old release", async () => {
    const before = await work.git(["rev-parse", "HEAD"]);
    work.write("Dockerfile", "FROM slipway-test/busybox:1\nRUN echo about to fail && exit 3\n");
    await work.commit("broken");
    const push = await work.push(h.remoteUrl("hello"));
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /about to fail/);
    assert.match(push.stderr, /the Docker build failed/);
    assert.match(push.stderr, /pre-receive hook declined/);
    const remote = await work.git(["ls-remote", h.remoteUrl("hello"), "refs/heads/master"]);
    assert.equal(remote.stdout.split("\t")[0], before.stdout.trim(), "the ref must not move");
    assert.equal((await h.fetch("hello")).body, "hello v2\n");
    await work.git(["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("rejects a release that never answers, removing its container", async () => {
    work.write("Dockerfile", "FROM slipway-test/busybox:1\nCMD echo crashing on purpose; exit 1\n");
    await work.commit("crashes");
    const push = await work.push(h.remoteUrl("hello"));
    assert.notEqual(push.code, 0);
    assert.match(
      push.stderr,
      /exited (with code 1|and was started again by its restart policy)[^\n]* before it answered/,
    );
    assert.match(push.stderr, /the previous release is still serving/);
    assert.match(push.stderr, /crashing on purpose/);
    assert.equal((await h.fetch("hello")).body, "hello v2\n");
    // The release before may still be draining in the background; the failed release's container must be gone.
    const failed = /Building hello release (\d+)/.exec(push.stderr)![1];
    const containers = await run([
      "docker",
      "ps",
      "-aq",
      "--filter",
      `label=${h.label}`,
      "--filter",
      `label=slipway.release=${failed}`,
    ]);
    assert.equal(containers.stdout.trim(), "", "the failed release's container is removed");
    await work.git(["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("accepts other branches without deploying", async () => {
    work.write("index.html", "feature\n");
    await work.commit("feature");
    const push = await work.push(h.remoteUrl("hello"), "HEAD:refs/heads/feature");
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /Accepted refs\/heads\/feature without deploying: only master deploys/);
    assert.equal((await h.fetch("hello")).body, "hello v2\n");
    await work.git(["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("lists apps and shows logs over SSH", async () => {
    const list = await h.ssh("apps:list --json");
    assert.equal(list.code, 0, list.stderr);
    const apps = JSON.parse(list.stdout);
    assert.equal(apps[0].name, "hello");
    assert.equal(apps[0].release, 2);
    const logs = await h.ssh("logs hello -n 5");
    assert.equal(logs.code, 0, logs.stderr);
  });

  it("allows cloning the app's repository", async () => {
    const clone = await run(["git", "clone", "-q", h.remoteUrl("hello"), `${h.dir}/clone`], {
      env: h.clientEnv(),
    });
    assert.equal(clone.code, 0, clone.stderr);
  });

  it("refuses a shell, scp and paths outside the repos", async () => {
    for (const cmd of [
      "bash",
      "scp -t /tmp",
      "git-receive-pack '../../etc'",
      "git-upload-pack '/etc/passwd'",
    ]) {
      const res = await h.ssh(cmd);
      assert.notEqual(res.code, 0, cmd);
      assert.match(res.stderr, /refused|invalid app name/, cmd);
    }
  });

  it("refuses a key that was never uploaded", async () => {
    const stranger = `${h.dir}/stranger`;
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger]);
    const res = await h.ssh("apps:list", stranger);
    assert.equal(res.code, 255);
    assert.match(res.stderr, /Permission denied/);
    const push = await run(["git", "ls-remote", h.remoteUrl("hello")], { env: h.clientEnv(stranger) });
    assert.notEqual(push.code, 0);
  });

  it("streams build output while the build runs, not at the end", async () => {
    work.write(
      "Dockerfile",
      fs.readFileSync(`${work.dir}/Dockerfile`, "utf8") +
        `RUN echo build-started ${Date.now()} && sleep 3 && echo build-finished\n`,
    ); // the time keeps the step out of the layer cache
    await work.commit("slow build");
    const started = Date.now();
    let sawFirst = 0;
    let stderr = "";
    const child = spawn("git", ["push", h.remoteUrl("hello"), "master"], {
      cwd: work.dir,
      env: h.clientEnv(),
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!sawFirst && d.toString().includes("build-started")) sawFirst = Date.now();
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(code, 0, stderr);
    assert.ok(sawFirst > 0, "build output reached the pusher");
    assert.ok(
      Date.now() - sawFirst >= 2500,
      `output arrived ${Date.now() - sawFirst}ms before the end, expected it 3s early (started ${sawFirst - started}ms in)`,
    );
  });

  it("will not destroy without --force when there is no terminal to confirm on", async () => {
    const res = await h.ssh("apps:destroy hello");
    assert.equal(res.code, 2);
    assert.match(res.stderr, /needs confirmation/);
    assert.match(res.stderr, /apps:destroy hello --force/);
    assert.equal((await h.fetch("hello")).status, 200);
  });

  it("destroys the app: no route, no containers", async () => {
    const res = await h.ssh("apps:destroy hello --force");
    assert.equal(res.code, 0, res.stderr);
    assert.equal((await h.fetch("hello")).status, 404);
    const containers = await run([
      "docker",
      "ps",
      "-aq",
      "--filter",
      "label=slipway.app=hello",
      "--filter",
      `label=${h.label}`,
    ]);
    assert.equal(containers.stdout.trim(), "");
  });
});
