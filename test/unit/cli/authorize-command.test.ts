import { test } from "node:test";
import assert from "node:assert/strict";
import { authorizeCommand } from "../../../src/cli/authorize-command.js";
import type { Command } from "../../../src/cli/command.js";
import { LOCAL_CALLER, type Caller } from "../../../src/git/access-scope.js";

const base = { usage: "x", summary: "x", args: [], run: async () => {} };
const perApp: Command = { ...base, name: "config:get", remote: true, scope: { app: 0 } };
const deploy: Command = { ...base, name: "deploy", remote: true, scope: { app: 1 } };
const report: Command = { ...base, name: "certs:report", remote: true, scope: { app: 0, optional: true } };
const listing: Command = { ...base, name: "apps:list", remote: true, scope: "any" };
const admin: Command = { ...base, name: "settings:set", remote: true, scope: "admin" };
const local: Command = { ...base, name: "keys:list", remote: false };
const alice: Caller = { kind: "key", name: "alice", scope: { apps: ["shop", "blog-*"] } };

test("a scoped key passes on its apps and is refused (77) on others, at the declared position", () => {
  authorizeCommand(perApp, ["shop", "KEY"], alice);
  authorizeCommand(perApp, ["blog-staging.git"], alice);
  authorizeCommand(deploy, ["-", "shop"], alice);
  assert.throws(() => authorizeCommand(perApp, ["billing", "shop"], alice), {
    code: "forbidden",
    exitCode: 77,
    message: /key alice may not use app billing/,
  });
  assert.throws(() => authorizeCommand(deploy, ["shop", "billing"], alice), { code: "forbidden" });
  assert.throws(() => authorizeCommand(perApp, ["../x"], alice), { code: "app-name" });
  assert.throws(
    () => authorizeCommand(perApp, [], alice),
    { code: "usage" },
    "no APP: refused, not waved through",
  );
});

test("optional and any commands pass (they filter), admin and local-only ones need an admin", () => {
  authorizeCommand(report, [], alice);
  assert.throws(() => authorizeCommand(report, ["billing"], alice), { code: "forbidden" });
  authorizeCommand(listing, [], alice);
  assert.throws(() => authorizeCommand(admin, [], alice), {
    code: "forbidden",
    message: /settings:set is for admins/,
  });
  assert.throws(() => authorizeCommand(local, [], alice), { code: "forbidden" });
  for (const c of [perApp, deploy, admin, local]) authorizeCommand(c, ["billing", "billing"], LOCAL_CALLER);
});
