import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { publicCommands } from "../../src/cli/command-table.js";
import { apiRoutes } from "../../src/daemon/api-routes.js";
import { hashToken } from "../../src/daemon/tokens.js";
import { BASE_IMAGE } from "../support/base-image.js";
import { Daemon } from "../support/daemon.js";
import { Harness, SLIPWAY_BIN, WorkTree, run } from "../support/harness.js";

const TEMPLATE = `services:\n  web:\n    image: ${BASE_IMAGE}\n    cmd: exec httpd -f -p $PORT -h /tmp\n`;

/** One side of the boundary: a key and a token limited to `own`, trying `other`. */
interface Side {
  key: string;
  keyFile: string;
  token: string;
  tokenName: string;
  own: string;
  other: string;
}

/** The positional words of a usage line: `deploy TEMPLATE.yml|- NAME [--remote URL]` gives TEMPLATE.yml|- and NAME. */
function positionalsOf(usage: string): string[] {
  const words = usage
    .split(" | ")[0]
    .replace(/\[-[^\]]*\]/g, "")
    .replace(/<.*$/, "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(1);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i].startsWith("-")) {
      if (/^[A-Z]/.test(words[i + 1] ?? "")) i++; // the flag's value
      continue;
    }
    out.push(words[i].replace(/^\[|\]$/g, "").replace(/\.\.\.$/, ""));
  }
  return out;
}

const appIndex = (usage: string) =>
  positionalsOf(usage).findIndex((w) => w === "APP" || w === "NAME" || w === "OLD");

/** Every file under a directory with its content, to prove a refused request changed nothing. */
function snapshot(dir: string): string {
  if (!fs.existsSync(dir)) return "(none)";
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((f) => `${f}\n${fs.readFileSync(f, "utf8")}`)
    .join("\n");
}

describe("scoped keys and tokens: every command and route stops at the app boundary", () => {
  const h = new Harness();
  const daemon = new Daemon(h);
  const remote = publicCommands.filter((c) => c.remote);
  /** Commands and routes the tests below tried with a scoped caller; the last test wants all of them. */
  const exercised = new Set<string>();
  let alice: Side;
  let bob: Side;
  const repo = (app: string) => path.join(h.dir, "repos", `${app}.git`);
  const appState = (app: string) => snapshot(path.join(h.state, "apps", app));
  const api = (side: Side, method: string, urlPath: string, body?: unknown) =>
    daemon.request(method, urlPath, side.token, {
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function side(
    key: string,
    apps: string,
    tokenName: string,
    own: string,
    other: string,
  ): Promise<Side> {
    const keyFile = path.join(h.dir, key);
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
    const add = await h.slipway(["keys:add", key, "--apps", apps], fs.readFileSync(`${keyFile}.pub`, "utf8"));
    assert.equal(add.code, 0, add.stderr);
    const token = await h.slipway(["tokens:create", tokenName, "--apps", apps]);
    assert.equal(token.code, 0, token.stderr);
    return { key, keyFile, token: token.stdout.trim(), tokenName, own, other };
  }

  before(async () => {
    await h.start();
    await daemon.start();
    alice = await side("alice", "alpha", "alpha-ci", "alpha", "beta-one");
    bob = await side("bob", "beta-*", "beta-ci", "beta-one", "alpha"); // a glob scope
    // Positive controls: a scoped key deploys its app over SSH, a scoped token its app over HTTP.
    const viaKey = await h.ssh("deploy - alpha", alice.keyFile, { input: TEMPLATE });
    assert.equal(viaKey.code, 0, viaKey.stderr);
    const viaToken = await api(bob, "PUT", "/api/v1/deployments/beta-one", { template: TEMPLATE });
    assert.equal(viaToken.status, 200, viaToken.body);
  });
  after(async () => {
    await daemon.stop();
    await h.stop();
  });

  it("every remote command declares its scope, and its APP position matches its usage", () => {
    for (const c of remote) {
      assert.ok(c.scope, `${c.name} declares no scope`);
      const at = appIndex(c.usage);
      if (typeof c.scope === "object")
        assert.equal(c.scope.app, at, `${c.name}: scope.app is not where its usage has APP`);
      else assert.equal(at, -1, `${c.name} takes an APP but is declared ${c.scope}`);
    }
  });

  it("refuses every remote command on the other app with exit 77, naming the app and key, and changes nothing", async () => {
    const before = [
      appState("alpha"),
      appState("beta-one"),
      fs.readdirSync(path.join(h.dir, "repos")).join(),
    ];
    const refused = remote.filter((c) => c.scope !== "any"); // bob's side is covered by the API matrix, the cheaper one
    // A few at a time: sshd drops connections beyond MaxStartups.
    for (let i = 0; i < refused.length; i += 4) {
      await Promise.all(
        refused.slice(i, i + 4).map(async (c) => {
          const scope = c.scope;
          const atApp = (i: number) => typeof scope === "object" && i === scope.app;
          const argv = positionalsOf(c.usage).map((_, i) => (atApp(i) ? "beta-one" : "alpha"));
          const res = await h.ssh([c.name, ...argv].join(" "), alice.keyFile);
          assert.equal(res.code, 77, `${c.name} ${argv.join(" ")} by alice: ${res.stderr}`);
          const why =
            scope === "admin"
              ? `${c.name} is for admins, and key alice`
              : "key alice may not use app beta-one: it is limited to apps:alpha";
          assert.ok(res.stderr.includes(why), `${c.name}: ${res.stderr}`);
          assert.match(res.stderr, /only an admin on the server can grant it: slipway keys:remove alice/);
          exercised.add(c.name);
        }),
      );
    }
    assert.deepEqual(
      [appState("alpha"), appState("beta-one"), fs.readdirSync(path.join(h.dir, "repos")).join()],
      before,
    );
  });

  it("lets a scoped key act on its own app, and shows it only its own apps", async () => {
    for (const s of [alice, bob]) {
      const listings = remote.filter(
        (x) => x.scope === "any" || (typeof x.scope === "object" && x.scope.optional),
      );
      for (const c of listings.filter((x) => !x.name.startsWith("backups:"))) {
        const res = await h.ssh(c.name, s.keyFile);
        assert.equal(res.code, 0, `${c.name} by ${s.key}: ${res.stderr}`);
        assert.ok(!res.stdout.includes(s.other), `${c.name} by ${s.key} shows ${s.other}: ${res.stdout}`);
        exercised.add(c.name);
      }
      const list = JSON.parse((await h.ssh("apps:list --json", s.keyFile)).stdout) as Array<{ name: string }>;
      assert.deepEqual(
        list.map((a) => a.name),
        [s.own],
      );
    }
    const own = [
      ["alice", "config:set alpha MODE=scoped --no-restart"],
      ["alice", "run alpha echo ran"],
      ["bob", "ps:report beta-one"],
    ];
    await Promise.all(
      own.map(async ([key, cmd]) => {
        const res = await h.ssh(cmd, path.join(h.dir, key));
        assert.equal(res.code, 0, `${cmd} by ${key}: ${res.stderr}`);
      }),
    );
    const all = JSON.parse((await h.ssh("apps:list --json", h.clientKey)).stdout) as Array<{ name: string }>;
    assert.deepEqual(
      all.map((a) => a.name),
      ["alpha", "beta-one"],
      "an admin key sees both",
    );
  });

  it("keeps backups inside the scope: no run, list, restore or --as outside it", async () => {
    assert.equal((await h.slipway(["backups:target", path.join(h.dir, "restic")])).code, 0);
    const all = await h.slipway(["backups:run"]);
    assert.equal(all.code, 0, all.stderr);
    const list = await h.ssh("backups:list --json", alice.keyFile);
    assert.equal(list.code, 0, list.stderr);
    const rows = JSON.parse(list.stdout) as { app: string; snapshot: string }[];
    assert.deepEqual([...new Set(rows.map((r) => r.app))], ["alpha"], "not beta-one, not the server's state");
    const admin = JSON.parse((await h.slipway(["backups:list", "--json"])).stdout) as typeof rows;
    const theirs = admin.find((r) => r.app === "beta-one")!.snapshot;
    const before = [
      appState("alpha"),
      appState("beta-one"),
      fs.readdirSync(path.join(h.state, "apps")).join(),
    ];
    const refusals: [string, number, RegExp][] = [
      ["backups:run", 77, /backups:run with no app is for admins/],
      ["backups:restore --all", 77, /backups:restore --all is for admins/],
      ["backups:restore alpha --as beta-two", 77, /may not use app beta-two/],
      ["backups:restore beta-one --as alpha-two", 77, /may not use app beta-one/],
      ["backups:list beta-one", 77, /may not use app beta-one/],
      [`backups:restore alpha ${theirs} --as alpha--two`, 1, new RegExp(`alpha has no backup ${theirs}`)],
      ["backups:restore", 2, /name the app to restore, or give --all/],
    ];
    for (const [cmd, code, why] of refusals) {
      const res = await h.ssh(cmd, alice.keyFile);
      assert.equal(res.code, code, `${cmd}: ${res.stderr}`);
      assert.match(res.stderr, why, cmd);
      exercised.add(cmd.split(" ")[0]);
    }
    assert.deepEqual(
      [appState("alpha"), appState("beta-one"), fs.readdirSync(path.join(h.state, "apps")).join()],
      before,
    );
  });

  it("refuses every API route on the other app, and admin routes, with 403 in the error shape", async () => {
    const before = [appState("alpha"), appState("beta-one")];
    for (const s of [alice, bob]) {
      for (const r of apiRoutes) {
        assert.ok(r.scope, `${r.method} ${r.path} declares no scope`);
        assert.equal(
          r.scope === "app",
          r.path.includes("{app}"),
          `${r.method} ${r.path}: scope "app" goes with an {app} parameter`,
        );
        const values: Record<string, string> = {
          app: s.other,
          service: "web",
          var: "MODE",
          domain: "x.example.org",
          release: "1",
        };
        const urlPath = r.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "x");
        const res = await api(s, r.method, urlPath, r.body === undefined ? undefined : { name: s.other });
        const what = `${r.method} ${urlPath} with ${s.tokenName}`;
        exercised.add(`${r.method} ${r.path}`);
        if (r.scope === "any") {
          assert.equal(res.status, 200, `${what}: ${res.body}`);
          assert.ok(!res.body.includes(s.other), `${what} shows ${s.other}`);
          continue;
        }
        assert.equal(res.status, 403, `${what}: ${res.body}`);
        const { error } = JSON.parse(res.body);
        assert.equal(error.code, "forbidden", what);
        const who =
          r.scope === "admin"
            ? `is for admins, and token ${s.tokenName}`
            : `token ${s.tokenName} may not use app ${s.other}`;
        assert.ok(error.message.includes(who), `${what}: ${error.message}`);
        assert.match(
          error.hint,
          /only an admin on the server can grant it, with a new token: slipway tokens:create/,
        );
      }
    }
    assert.deepEqual([appState("alpha"), appState("beta-one")], before);
  });

  it("lets a scoped token act on its own apps, and lists only those", async () => {
    for (const s of [alice, bob]) {
      const apps = JSON.parse((await api(s, "GET", "/api/v1/apps")).body) as Array<{ name: string }>;
      assert.deepEqual(
        apps.map((a) => a.name),
        [s.own],
      );
      const deployments = JSON.parse((await api(s, "GET", "/api/v1/deployments")).body) as Array<{
        name: string;
      }>;
      assert.deepEqual(
        deployments.map((a) => a.name),
        [s.own],
      );
      for (const [method, urlPath, body] of [
        ["GET", `/api/v1/deployments/${s.own}/config`],
        ["POST", "/api/v1/deployments", { name: s.own }],
        ["PUT", `/api/v1/deployments/${s.own}/config`, { vars: { LEVEL: "2" }, restart: false }],
      ] as const) {
        const res = await api(s, method, urlPath, body);
        assert.equal(res.status, 200, `${method} ${urlPath} with ${s.tokenName}: ${res.body}`);
      }
    }
    const created = await api(bob, "POST", "/api/v1/deployments", { name: "beta-two" });
    assert.equal(created.status, 200, "a glob scope covers apps created later");
  });

  it("refuses git push and clone of the other app over SSH and HTTP, creating nothing", async () => {
    const work = await new WorkTree(h.clientEnv(alice.keyFile)).init("hello");
    try {
      const ssh = await work.push(h.remoteUrl("beta-one"), "HEAD:refs/heads/wip");
      assert.notEqual(ssh.code, 0);
      assert.match(ssh.stderr, /key alice may not use app beta-one/);
      const gamma = await work.push(h.remoteUrl("gamma"), "HEAD:refs/heads/wip");
      assert.match(gamma.stderr, /key alice may not use app gamma/);
      const overHttp = await work.push(daemon.gitUrl("beta-one", alice.token), "HEAD:refs/heads/wip");
      assert.notEqual(overHttp.code, 0);
      assert.match(overHttp.stderr, /403/);
      for (const app of ["beta-one", "gamma"]) assert.ok(!fs.existsSync(repo(app)), `${app}.git was created`);
      const own = await work.push(h.remoteUrl("alpha"), "HEAD:refs/heads/wip"); // not the deploy branch: stored only
      assert.equal(own.code, 0, own.stderr);
      const ownHttp = await work.push(daemon.gitUrl("beta-one", bob.token), "HEAD:refs/heads/wip");
      assert.equal(ownHttp.code, 0, ownHttp.stderr);
      const clone = await run(["git", "clone", "-q", h.remoteUrl("alpha"), path.join(h.dir, "stolen")], {
        env: h.clientEnv(bob.keyFile),
      });
      assert.notEqual(clone.code, 0);
      assert.match(clone.stderr, /key bob may not use app alpha/);
      const cloneHttp = await run([
        "git",
        "clone",
        "-q",
        daemon.gitUrl("alpha", bob.token),
        path.join(h.dir, "stolen2"),
      ]);
      assert.match(cloneHttp.stderr, /403/);
    } finally {
      work.remove();
    }
  });

  it("keeps keys and tokens from before scopes as admin, and lists every scope", async () => {
    const legacyKey = path.join(h.dir, "legacy");
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", legacyKey]);
    const pub = fs.readFileSync(`${legacyKey}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
    const line = `command="${SLIPWAY_BIN} ssh-serve legacy",restrict ${pub} slipway:legacy\n`; // as keys:add wrote it before scopes
    fs.appendFileSync(path.join(h.dir, "authorized_keys"), line);
    const keys = JSON.parse((await h.slipway(["keys:list", "--json"])).stdout) as Array<{
      name: string;
      scope: string;
    }>;
    assert.deepEqual(
      keys.map((k) => [k.name, k.scope]),
      [
        ["tester", "admin"],
        ["alice", "apps:alpha"],
        ["bob", "apps:beta-*"],
        ["legacy", "admin"],
      ],
    );
    const list = await h.ssh("apps:list", legacyKey);
    assert.match(list.stdout, /alpha[\s\S]*beta-one/);
    assert.equal((await h.ssh("config beta-one", legacyKey)).code, 0);

    const tokensFile = path.join(h.state, "tokens.json");
    const legacyToken = "slw_legacy-token-from-before-scopes";
    const records = JSON.parse(fs.readFileSync(tokensFile, "utf8"));
    const legacy = { name: "legacy", sha256: hashToken(legacyToken), createdAt: "2025-01-01T00:00:00.000Z" }; // no scope field
    fs.writeFileSync(tokensFile, JSON.stringify([...records, legacy]));
    const tokens = JSON.parse((await h.slipway(["tokens:list", "--json"])).stdout) as Array<{
      name: string;
      scope: string;
    }>;
    assert.deepEqual(
      tokens.map((t) => [t.name, t.scope]),
      [
        ["alpha-ci", "apps:alpha"],
        ["beta-ci", "apps:beta-*"],
        ["legacy", "admin"],
      ],
    );
    const adminOnly = await daemon.request("GET", "/api/v1/keys", legacyToken);
    assert.equal(adminOnly.status, 200, adminOnly.body);
  });

  it("exercised every remote command and every route", () => {
    const all = [...remote.map((c) => c.name), ...apiRoutes.map((r) => `${r.method} ${r.path}`)];
    assert.deepEqual(
      all.filter((x) => !exercised.has(x)),
      [],
    );
  });

  it("makes tokens:create choose a scope", async () => {
    const none = await h.slipway(["tokens:create", "undecided"]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--apps APP,\.\.\. for only those apps, or --admin for everything/);
    const bad = await h.slipway(["tokens:create", "odd", "--apps", "../etc"]);
    assert.equal(bad.code, 2);
    assert.ok(!(await h.slipway(["tokens:list"])).stdout.includes("undecided"));
  });
});
