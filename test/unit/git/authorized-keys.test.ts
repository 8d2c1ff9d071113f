import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addKeyLine,
  listKeys,
  parseKeyName,
  parsePublicKey,
  removeKeyLine,
  renderKeyLine,
} from "../../../src/git/authorized-keys.js";

const BLOB = "AAAAC3NzaC1lZDI1NTE5AAAAINeuGb2zuBAntw/wG2Rm9NE0+IG3StHW1GUqdkeCETjT";
const BLOB2 = "AAAAC3NzaC1lZDI1NTE5AAAAIBvmHfdCp6P8hXEZ1gdH1m7PdGfeh5ltjjA5xglGBfGj";
const BIN = "/usr/local/bin/slipway";
const alice = { name: "alice", type: "ssh-ed25519", blob: BLOB, scope: "admin" as const };
const bob = { name: "bob", type: "ssh-ed25519", blob: BLOB2, scope: { apps: ["shop", "blog-*"] } };
const FOREIGN = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 root@admin";

test("parseKeyName accepts ordinary names and refuses the rest", () => {
  assert.equal(parseKeyName("alice@laptop"), "alice@laptop");
  assert.equal(parseKeyName("ci_bot-2.x"), "ci_bot-2.x");
  for (const bad of ["", "-alice", ".x", "a b", 'a"b', "a/b", "a,b", "a".repeat(65)]) {
    assert.throws(() => parseKeyName(bad), { code: "key-name" }, JSON.stringify(bad));
  }
});

test("parsePublicKey reads one key line, ignoring comments and blank lines", () => {
  assert.deepEqual(parsePublicKey(`ssh-ed25519 ${BLOB} alice@laptop\n`), { type: "ssh-ed25519", blob: BLOB });
  assert.deepEqual(parsePublicKey(`# mine\n\n  ssh-ed25519 ${BLOB}\r\n`), {
    type: "ssh-ed25519",
    blob: BLOB,
  });
});

test("parsePublicKey refuses two keys, private keys, options and junk", () => {
  assert.throws(() => parsePublicKey(`ssh-ed25519 ${BLOB} a\nssh-ed25519 ${BLOB2} b`), /got 2 lines/);
  assert.throws(() => parsePublicKey(""), /got 0 lines/);
  const priv =
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";
  assert.throws(() => parsePublicKey(priv), { code: "key-invalid" });
  assert.throws(() => parsePublicKey(`command="sh" ssh-ed25519 ${BLOB}`), { code: "key-invalid" });
  assert.throws(() => parsePublicKey(`no-pty ssh-ed25519 ${BLOB}`), { code: "key-invalid" });
  assert.throws(() => parsePublicKey("ssh-ed25519 not_base64!"), { code: "key-invalid" });
  assert.throws(() => parsePublicKey("ssh-dss AAAAB3NzaC1kc3M="), { code: "key-invalid" });
});

test("renderKeyLine forces the ssh-serve command and restricts the key", () => {
  assert.equal(
    renderKeyLine(alice, BIN),
    `command="${BIN} ssh-serve alice",restrict,pty ssh-ed25519 ${BLOB} slipway:alice`,
  );
  // single quotes: the git user's shell must not glob blog-* against the repos in its home
  assert.equal(
    renderKeyLine(bob, BIN),
    `command="${BIN} ssh-serve bob --apps 'shop,blog-*'",restrict,pty ssh-ed25519 ${BLOB2} slipway:bob`,
  );
  for (const bin of ["/opt/my slipway", '/x"y', "/x\\y"]) {
    assert.throws(() => renderKeyLine(alice, bin), { code: "settings" });
  }
});

test("listKeys finds only Slipway lines", () => {
  const text = `${FOREIGN}\n${renderKeyLine(alice, BIN)}\n${renderKeyLine(bob, BIN)}\n`;
  assert.deepEqual(listKeys(text), [alice, bob]);
  assert.deepEqual(listKeys(FOREIGN), []);
});

test("a key line from before scopes (no --apps) is an admin key", () => {
  const old = `command="${BIN} ssh-serve carol",restrict ssh-ed25519 ${BLOB} slipway:carol`;
  assert.deepEqual(listKeys(old), [{ name: "carol", type: "ssh-ed25519", blob: BLOB, scope: "admin" }]);
});

test("addKeyLine appends and keeps foreign lines", () => {
  const out = addKeyLine(FOREIGN, alice, BIN);
  assert.equal(out, `${FOREIGN}\n${renderKeyLine(alice, BIN)}\n`);
  assert.equal(addKeyLine("", alice, BIN), renderKeyLine(alice, BIN) + "\n");
});

test("addKeyLine refuses a duplicate name or the same key twice", () => {
  const text = addKeyLine(FOREIGN + "\n", alice, BIN);
  assert.throws(() => addKeyLine(text, { ...bob, name: "alice" }, BIN), {
    code: "key-exists",
    message: /named alice/,
  });
  assert.throws(() => addKeyLine(text, { ...alice, name: "carol" }, BIN), {
    code: "key-exists",
    message: /already uploaded as alice/,
  });
});

test("removeKeyLine drops just the named key and refuses unknown names", () => {
  const text = addKeyLine(addKeyLine(FOREIGN + "\n", alice, BIN), bob, BIN);
  const out = removeKeyLine(text, "alice");
  assert.equal(out, `${FOREIGN}\n${renderKeyLine(bob, BIN)}\n`);
  assert.deepEqual(listKeys(out), [bob]);
  assert.throws(() => removeKeyLine(out, "alice"), { code: "key-missing" });
  assert.throws(() => removeKeyLine(out, "bo"), { code: "key-missing" });
});
