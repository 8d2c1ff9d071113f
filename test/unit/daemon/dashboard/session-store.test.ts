import assert from "node:assert/strict";
import { test } from "node:test";
import {
  csrfMatches,
  SESSION_SECONDS,
  SessionStore,
} from "../../../../src/daemon/dashboard/session-store.js";
import { sessionCookie } from "../../../../src/daemon/dashboard/cookies.js";

const record = { name: "alice", sha256: "ab".repeat(32), createdAt: "" };

test("a session lives until it expires, is logged out, or its token is revoked", () => {
  const store = new SessionStore();
  const s = store.create(record, 1000);
  assert.equal(store.find(s.id, [record], 2000)?.record.name, "alice");
  assert.equal(store.find(s.id, [record], 1000 + SESSION_SECONDS * 1000), undefined, "expired");
  const t = store.create(record, 1000);
  assert.equal(store.find(t.id, [], 2000), undefined, "the token was revoked");
  const u = store.create(record, 1000);
  store.remove(u.id);
  assert.equal(store.find(u.id, [record], 2000), undefined, "logged out");
  assert.equal(store.find(undefined, [record]), undefined);
});

test("the CSRF token must match exactly", () => {
  const s = new SessionStore().create(record);
  assert.ok(csrfMatches(s, s.csrf));
  assert.ok(!csrfMatches(s, null));
  assert.ok(!csrfMatches(s, s.csrf.slice(1)));
  assert.ok(!csrfMatches(s, `${s.csrf.slice(0, -1)}x`.replace(s.csrf, "")));
});

test("the cookie is HttpOnly and SameSite=Strict always, Secure over HTTPS", () => {
  assert.equal(
    sessionCookie("id", false),
    `slipway_session=id; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}`,
  );
  assert.match(sessionCookie("id", true), /; Secure$/);
  assert.match(sessionCookie("", true, 0), /Max-Age=0/);
});
