import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { BASE_IMAGE } from "../support/base-image.js";
import { fetchVia, Harness, run, useServerWithApp, type RunResult } from "../support/harness.js";

// ledger (pushed) dumps itself with a backup cmd, like pg_dump, and loads the dump back; notes (an
// image deployed with `deploy -`) has no cmd, so its volume is copied with the container paused.
const LEDGER = `services:
  web:
    build: .
    cmd: exec httpd -f -p "$PORT_HTTP" -h /www
    ports: {http: assign}
    volumes: {rows: /www}
    backup: {cmd: [cat, /www/index.html]}
    restore: {cmd: [sh, -c, 'cat > /www/index.html']}
`;
const NOTES = `services:
  web:
    image: ${BASE_IMAGE}
    cmd: [httpd, -f, -p, "5000", -h, /www]
    ports: {http: 5000}
    volumes: {rows: /www}
`;
const DOMAIN = "books.test";

describe("backups with restic: run, list, restore, restore --as, restore --all on a new server", () => {
  const { h, work } = useServerWithApp("hello");
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-restic-"));
  let fresh: Harness | undefined;
  after(async () => {
    await fresh?.stop();
    fs.rmSync(repo, { recursive: true, force: true });
  });
  const ok = (res: RunResult) => assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
  const container = async (server: Harness, app: string) =>
    (
      await run([
        "docker",
        "ps",
        "-q",
        "--filter",
        `label=${server.label}`,
        "--filter",
        `label=slipway.app=${app}`,
      ])
    ).stdout.trim();
  const writeRow = async (app: string, row: string) =>
    ok(await run(["docker", "exec", await container(h, app), "sh", "-c", `echo ${row} > /www/index.html`]));
  const body = async (server: Harness, host: string) =>
    (await fetchVia(server.nginxPort, host, "/")).body.trim();
  let password = "";

  it("backs up every app and the server: a dump for ledger, a paused copy for notes", async () => {
    const target = await h.slipway(["backups:target", repo]);
    ok(target);
    password = target.stdout.trim();
    assert.match(password, /^[A-Za-z0-9_-]{32}$/);
    assert.match(target.stderr, /shown this once/);
    assert.equal(fs.statSync(path.join(h.state, "backups", "password")).mode & 0o777, 0o600);
    work().write("slipway.yml", LEDGER);
    await work().commit("ledger");
    ok(await work().push(h.remoteUrl("ledger")));
    ok(await h.slipway(["deploy", "-", "notes"], NOTES));
    ok(await h.ssh(`domains:add ledger ${DOMAIN}`));
    await writeRow("ledger", "row-ledger-1");
    await writeRow("notes", "row-notes-1");
    assert.equal(await body(h, DOMAIN), "row-ledger-1");

    // A stray hook in the repository is backed up, but a restore installs only Slipway's own.
    fs.writeFileSync(path.join(h.dir, "repos", "ledger.git", "hooks", "post-update"), "#!/bin/sh\n", {
      mode: 0o755,
    });
    const backup = await h.ssh("backups:run");
    ok(backup);
    assert.match(backup.stderr, /Dumping web of ledger with its backup cmd/);
    assert.match(backup.stderr, /Pausing web of notes while volume rows is copied/);
    assert.doesNotMatch(backup.stderr + backup.stdout, new RegExp(password));
    const status = JSON.parse(fs.readFileSync(path.join(h.state, "backups", "status.json"), "utf8"));
    assert.equal(status.version, 1);
    assert.equal(status.target, "local");
    assert.ok(Date.now() - Date.parse(status.lastSuccessAt) < 120_000);
    const list = JSON.parse((await h.ssh("backups:list --json")).stdout) as { app: string }[];
    assert.deepEqual(list.map((r) => r.app).sort(), ["ledger", "notes", "server"]);
  });

  it("restores a destroyed app with its data on its domain, and a copy --as leaves the original alone", async () => {
    ok(await h.ssh("apps:destroy ledger --force --volumes"));
    assert.notEqual(await body(h, DOMAIN), "row-ledger-1");
    const restored = await h.ssh("backups:restore ledger");
    ok(restored);
    assert.match(restored.stderr, /Loading web's dump with its restore cmd/);
    assert.equal(await body(h, DOMAIN), "row-ledger-1");
    const hooks = fs.readdirSync(path.join(h.dir, "repos", "ledger.git", "hooks"));
    assert.deepEqual(hooks, ["pre-receive"], "only Slipway's hook comes back");

    const refused = await h.ssh("backups:restore notes");
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /already an app named notes; nothing was changed/);
    const original = await container(h, "notes");
    ok(await h.ssh("backups:restore notes --as notes-copy"));
    assert.equal(await body(h, `notes-copy.${h.domain}`), "row-notes-1");
    await writeRow("notes-copy", "row-copy-changed");
    assert.equal(await body(h, `notes-copy.${h.domain}`), "row-copy-changed");
    assert.equal(await body(h, `notes.${h.domain}`), "row-notes-1");
    assert.equal(await container(h, "notes"), original, "the original's container was left running");

    fs.renameSync(repo, `${repo}.away`); // the target is gone: the run fails and status.json says so
    const failed = await h.ssh("backups:run notes");
    fs.renameSync(`${repo}.away`, repo);
    assert.notEqual(failed.code, 0);
    const status = JSON.parse(fs.readFileSync(path.join(h.state, "backups", "status.json"), "utf8"));
    assert.ok(status.lastFailureAt > status.lastSuccessAt, JSON.stringify(status));
    assert.match(status.lastError, /restic could not/);
  });

  it("restore --all on a fresh server brings every app back on its old domains", async () => {
    fresh = await new Harness().start();
    const unset = await fresh.slipway(["backups:run", "--scheduled"]); // what slipwayd runs daily
    ok(unset);
    assert.match(unset.stderr, /No backup target is set/);
    ok(await fresh.slipway(["backups:target", repo, "--existing"], password));
    const all = await fresh.slipway(["backups:restore", "--all"]);
    ok(all);
    assert.equal(await body(fresh, DOMAIN), "row-ledger-1");
    assert.equal(await body(fresh, `notes.${fresh.domain}`), "row-notes-1");
    const apps = JSON.parse((await fresh.ssh("apps:list --json")).stdout).map(
      (a: { name: string }) => a.name,
    );
    assert.deepEqual(apps.sort(), ["ledger", "notes"]);
    assert.ok(
      fs.existsSync(path.join(fresh.dir, "repos", "ledger.git", "HEAD")),
      "ledger's repository is back",
    );
  });
});
