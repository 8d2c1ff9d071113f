import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Daemon } from "../support/daemon.js";
import { fetchVia, run, useServerWithApp, type WorkTree } from "../support/harness.js";

// A build that serves every file of the pushed tree, so the test reads what `git archive` gave it.
const DOCKERFILE = `FROM slipway-test/busybox:1
COPY . /www/
EXPOSE 5000
CMD exec httpd -f -p "$PORT" -h /www
`;

describe("git hosting: only apps get state, repos are private and checked, domain claims follow nginx", () => {
  const { h, work: tree } = useServerWithApp("hello");
  const daemon = new Daemon(h);
  let work: WorkTree;
  const repo = (app: string) => path.join(h.dir, "repos", `${app}.git`);
  const appDir = (app: string) => path.join(h.state, "apps", app);
  const leftNothing = (app: string) =>
    assert.deepEqual(
      [fs.existsSync(repo(app)), fs.existsSync(appDir(app))],
      [false, false],
      `${app} left state`,
    );

  before(async () => {
    work = tree();
    assert.equal((await work.push(h.remoteUrl("hello"))).code, 0);
    await daemon.start();
  });
  after(() => daemon.stop());

  it("every command that takes an APP refuses a name that is not an app, and stores nothing for it", async () => {
    const help = (await h.ssh("help")).stdout;
    const takesApp = [...help.matchAll(/^ {2}(\S+) APP\b/gm)]
      .map((m) => m[1])
      .filter((c) => !["apps:create", "apps:destroy", "deploy:image"].includes(c));
    assert.ok(takesApp.length >= 20, `only ${takesApp.length} commands found in help`);
    const commands = [
      ...takesApp.map((c) => `${c} ghost`),
      "config:set ghost X=1",
      "domains:add ghost ghost.test",
      "auth:set ghost alice",
    ];
    // Six at a time: each is a whole ssh login and Slipway start.
    for (let i = 0; i < commands.length; i += 6) {
      await Promise.all(
        commands.slice(i, i + 6).map(async (cmd) => {
          const res = await h.ssh(cmd, undefined, { input: "secret\n" });
          assert.notEqual(res.code, 0, cmd);
          assert.match(
            res.stderr,
            /there is no app named ghost\n !     create it with `apps:create ghost` or push to it/,
            cmd,
          );
        }),
      );
    }
    leftNothing("ghost");
    assert.deepEqual(fs.readdirSync(path.join(h.state, "apps")), ["hello"]);
  });

  it("a receive-pack that pushes nothing, and an HTTP ref advertisement, leave no repo; apps:destroy clears a leftover", async () => {
    const ssh = await h.ssh("git-receive-pack 'ghost'", undefined, { input: "0000" });
    assert.equal(ssh.code, 0, ssh.stderr);
    assert.match(ssh.stdout, /report-status/, "git's advertisement was served");
    const token = (await h.slipway(["tokens:create", "probe", "--admin"])).stdout.trim();
    const advert = await daemon.request("GET", "/git/ghost.git/info/refs?service=git-receive-pack", token);
    assert.equal(advert.status, 200);
    assert.match(advert.body, /# service=git-receive-pack/);
    leftNothing("ghost");
    const gone = await h.ssh("apps:destroy ghost --force");
    assert.match(gone.stderr, /there is no app named ghost/);
    assert.equal((await run(["git", "init", "-q", "--bare", repo("stale")])).code, 0);
    const destroy = await h.ssh("apps:destroy stale --force");
    assert.equal(destroy.code, 0, destroy.stderr);
    assert.match(destroy.stderr, /Removed what was left of stale/);
    leftNothing("stale");
  });

  it("apps:create makes an empty, private, fsck-checked repo whose archives expand nothing", async () => {
    assert.equal((await h.ssh("apps:create fresh")).code, 0);
    assert.match((await h.ssh("apps:create fresh")).stderr, /there is already an app named fresh/);
    const set = await h.ssh("config:set fresh MODE=early");
    assert.equal(set.code, 0, set.stderr);
    assert.equal(fs.statSync(repo("fresh")).mode & 0o777, 0o700);
    assert.equal(
      (
        await run(["git", "config", "--file", path.join(repo("fresh"), "config"), "receive.fsckObjects"])
      ).stdout.trim(),
      "true",
    );
    work
      .write("Dockerfile", DOCKERFILE)
      .write(".gitattributes", "* export-subst\nhidden.txt export-ignore\n");
    work.write("format.txt", "sha $Format:%H$\n").write("hidden.txt", "kept\n");
    await work.commit("export-subst everywhere");
    const push = await work.push(h.remoteUrl("fresh"));
    assert.equal(push.code, 0, push.stderr);
    assert.equal(
      (await h.fetch("fresh", "/format.txt")).body,
      "sha $Format:%H$\n",
      "the placeholder stays literal",
    );
    assert.equal(
      (await h.fetch("fresh", "/hidden.txt")).body,
      "kept\n",
      "export-ignore hides nothing from the build",
    );
    assert.equal((await h.ssh("config:get fresh MODE")).stdout, "early");
  });

  it("a push carrying a malformed object is refused by fsck, and nothing deploys", async () => {
    const head = (await work.git(["rev-parse", "HEAD"])).stdout.trim();
    const tree = (await work.git(["rev-parse", "HEAD^{tree}"])).stdout.trim();
    const body = `tree ${tree}\nparent ${head}\ncommitter Evil <evil@example.test> 1700000000 +0000\n\nno author\n`;
    const bad = await run(["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"], {
      cwd: work.dir,
      input: body,
    });
    assert.equal(bad.code, 0, bad.stderr);
    const push = await work.push(h.remoteUrl("fresh"), `${bad.stdout.trim()}:refs/heads/master`);
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /missingAuthor|fsck/);
    assert.doesNotMatch(push.stderr, /Deployed fresh/);
    assert.equal((await run(["git", "--git-dir", repo("fresh"), "rev-parse", "master"])).stdout.trim(), head);
  });

  it("a name under another app's wildcard is refused naming that app; a wildcard over another's exact name is allowed", async () => {
    assert.equal((await h.ssh("domains:add hello *.claims.test")).code, 0);
    for (const name of ["api.claims.test", "a.b.claims.test", "*.api.claims.test"]) {
      const res = await h.ssh(`domains:add fresh ${name}`);
      assert.equal(res.code, 1, name);
      assert.match(
        res.stderr,
        new RegExp(
          `${name.replace(/[.*]/g, "\\$&")} is covered by \\*\\.claims\\.test, which is routed to app hello`,
        ),
      );
    }
    assert.equal((await h.ssh("domains:add fresh api.exact.test")).code, 0);
    assert.equal((await h.ssh("domains:add hello *.exact.test")).code, 0);
    assert.equal(
      (await fetchVia(h.nginxPort, "api.exact.test", "/format.txt")).body,
      "sha $Format:%H$\n",
      "the exact name stays with fresh",
    );
    assert.equal((await fetchVia(h.nginxPort, "other.exact.test")).body, "hello v1\n");
  });

  it("git:set-branch waits for the app lock, and a failed git leaves the deploy branch alone", async () => {
    const lock = path.join(h.state, "locks", "app-fresh.lock");
    const holder = run(["flock", lock, "sleep", "2"]);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const set = await h.slipway(["git:set-branch", "fresh", "production"]);
    assert.equal(set.code, 0, set.stderr);
    assert.ok(Date.now() - started >= 1500, "it waited for the lock");
    await holder;
    fs.rmSync(repo("fresh"), { recursive: true });
    const res = await h.slipway(["git:set-branch", "fresh", "staging"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /could not point fresh\.git at staging/);
    assert.equal(
      JSON.parse(fs.readFileSync(path.join(appDir("fresh"), "app.json"), "utf8")).deployBranch,
      "production",
    );
  });
});
