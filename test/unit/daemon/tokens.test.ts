import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addTokenRecord,
  findToken,
  generateToken,
  hashToken,
  parseTokenName,
  removeTokenRecord,
} from "../../../src/daemon/tokens.js";
import { authenticate, presentedToken } from "../../../src/daemon/auth.js";

const NOW = new Date("2026-01-02T03:04:05Z");

test("generateToken makes distinct 32-byte tokens with a recognisable prefix", () => {
  const a = generateToken();
  assert.match(a, /^slw_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, generateToken());
});

test("records keep only the SHA-256 of a token, and findToken matches by it", () => {
  const t1 = generateToken();
  const t2 = generateToken();
  const records = addTokenRecord(
    addTokenRecord([], "ci", t1, "admin", NOW),
    "alice",
    t2,
    { apps: ["shop"] },
    NOW,
  );
  assert.deepEqual(records[0], {
    name: "ci",
    sha256: hashToken(t1),
    createdAt: "2026-01-02T03:04:05.000Z",
    scope: "admin",
  });
  assert.ok(!JSON.stringify(records).includes(t1));
  assert.equal(findToken(records, t2)?.name, "alice");
  assert.equal(findToken(records, t1 + "x"), undefined);
  assert.equal(findToken(records, ""), undefined);
  assert.equal(
    findToken([{ name: "broken", sha256: "abc", createdAt: "" }], t1),
    undefined,
    "a damaged hash never matches",
  );
});

test("a token name is used once, and only existing names can be revoked", () => {
  const records = addTokenRecord([], "ci", generateToken(), "admin", NOW);
  assert.throws(() => addTokenRecord(records, "ci", generateToken(), "admin", NOW), { code: "token-exists" });
  assert.deepEqual(removeTokenRecord(records, "ci"), []);
  assert.throws(() => removeTokenRecord(records, "nobody"), { code: "token-missing" });
});

test("parseTokenName accepts plain names and refuses the rest", () => {
  assert.equal(parseTokenName("ci@build-1"), "ci@build-1");
  for (const bad of ["", "-x", "a b", "a/b", "a:b", "a".repeat(65)])
    assert.throws(() => parseTokenName(bad), { code: "token-name" }, bad);
});

test("presentedToken reads Bearer, and Basic with the token as the password", () => {
  assert.equal(presentedToken("Bearer slw_abc"), "slw_abc");
  assert.equal(presentedToken("bearer  slw_abc"), "slw_abc");
  assert.equal(presentedToken(`Basic ${Buffer.from("anyone:slw_abc").toString("base64")}`), "slw_abc");
  assert.equal(presentedToken(`Basic ${Buffer.from("user:pa:ss").toString("base64")}`), "pa:ss");
  for (const none of [
    undefined,
    "",
    "Bearer",
    "Digest x",
    `Basic ${Buffer.from("nocolon").toString("base64")}`,
  ]) {
    assert.equal(presentedToken(none), undefined, String(none));
  }
});

test("authenticate names the token's owner and scope, or refuses with one unauthorized error", () => {
  const token = generateToken();
  const scoped = generateToken();
  const records = addTokenRecord(
    addTokenRecord([], "ci", token, "admin", NOW),
    "shop-ci",
    scoped,
    { apps: ["shop-*"] },
    NOW,
  );
  assert.deepEqual(authenticate(`Bearer ${token}`, records), { kind: "token", name: "ci", scope: "admin" });
  assert.deepEqual(authenticate(`Bearer ${scoped}`, records), {
    kind: "token",
    name: "shop-ci",
    scope: { apps: ["shop-*"] },
  });
  const old = { name: "old", sha256: hashToken(token), createdAt: "2025-01-01T00:00:00Z" }; // tokens.json from before scopes
  assert.equal(authenticate(`Bearer ${token}`, [old]).scope, "admin");
  for (const header of [undefined, "Bearer nope", `Bearer ${generateToken()}`]) {
    assert.throws(() => authenticate(header, records), { code: "unauthorized" });
  }
  assert.throws(() => authenticate(`Bearer ${token}`, []), { code: "unauthorized" }, "a revoked token");
});
