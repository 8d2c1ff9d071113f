import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { resticFailure } from "../../../src/backup/restic-failure.js";
import { setTarget } from "../../../src/backup/set-target.js";
import { paths } from "../../../src/state/paths.js";

// Real restic on local repositories: no Docker, no network.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-set-target-"));
const saved = process.env.SLIPWAY_STATE;
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const password = () => fs.readFileSync(paths.backupPassword(), "utf8").trim();
const target = () => fs.readFileSync(paths.backupTarget(), "utf8");

before(() => {
  process.env.SLIPWAY_STATE = path.join(dir, "state");
  fs.mkdirSync(paths.backupsDir(), { recursive: true });
});
after(() => {
  if (saved === undefined) delete process.env.SLIPWAY_STATE;
  else process.env.SLIPWAY_STATE = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a new target keeps the old repository's password (0600), so its backups stay readable", async () => {
  await setTarget(path.join(dir, "one"));
  const first = password();
  assert.equal(mode(paths.backupPassword()), 0o600);
  await setTarget(path.join(dir, "two"));
  assert.notEqual(password(), first);
  const kept = fs.readdirSync(paths.backupsDir()).filter((f) => f.startsWith("password."));
  assert.equal(kept.length, 1, "the old password is kept beside the new one");
  const file = path.join(paths.backupsDir(), kept[0]);
  assert.equal(fs.readFileSync(file, "utf8").trim(), first);
  assert.equal(mode(file), 0o600);
});

test("--existing with a wrong password or no repository is refused with a hint; nothing changes", async () => {
  const [pw, tg] = [password(), target()];
  await assert.rejects(
    setTarget(path.join(dir, "one"), "not-the-password"),
    (e: Error & { hint?: string }) => {
      assert.equal((e as { code?: string }).code, "backup-password");
      assert.match(e.hint!, /backups:target URL --existing < password-file/);
      assert.ok(!e.message.includes("not-the-password") && !e.hint!.includes("not-the-password"));
      return true;
    },
  );
  await assert.rejects(setTarget(path.join(dir, "none"), pw), (e: Error & { hint?: string }) => {
    assert.equal((e as { code?: string }).code, "backup-unreachable");
    assert.match(e.message, /no such file or directory/, "restic's reason, not the location it repeats");
    assert.match(e.hint!, /reachable/);
    return true;
  });
  assert.deepEqual([password(), target()], [pw, tg]);
});

test("restic's failures name the reason and never the password restic masks", () => {
  const stderr =
    'Fatal: unable to open config file: Head "http://u:***@h/x/config": connection refused\n' +
    "Is there a repository at the following location?\nrest:http://u:***@h/x/\n";
  const e = resticFailure("list the backups", 1, stderr, "/state/backups/password");
  assert.equal(e.code, "backup-unreachable");
  assert.match(e.message, /^restic could not list the backups: unable to open config file/);
  const other = resticFailure("check the repository", 1, "Fatal: repository contains errors\n", "/p");
  assert.equal(other.code, "restic");
  assert.match(other.hint!, /backups:check/);
});
