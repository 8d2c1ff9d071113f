import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRemoteUrl } from "../../../src/client/remote-url.js";

test("reads the SSH URL forms git accepts", () => {
  const cases: [string, object][] = [
    ["git@example.org:myapp", { destination: "git@example.org", port: undefined, app: "myapp" }],
    ["git@example.org:myapp.git", { destination: "git@example.org", port: undefined, app: "myapp" }],
    ["example.org:myapp", { destination: "example.org", port: undefined, app: "myapp" }],
    ["ssh://git@example.org:2222/myapp", { destination: "git@example.org", port: "2222", app: "myapp" }],
    ["ssh://git@example.org/myapp.git", { destination: "git@example.org", port: undefined, app: "myapp" }],
    ["git+ssh://example.org/~/myapp/", { destination: "example.org", port: undefined, app: "myapp" }],
    ["ssh://git@[::1]:2222/myapp", { destination: "git@::1", port: "2222", app: "myapp" }],
    ["git@[2001:db8::1]:myapp", { destination: "git@2001:db8::1", port: undefined, app: "myapp" }],
  ];
  for (const [url, want] of cases) assert.deepEqual(parseRemoteUrl("slipway", url), want, url);
});

test("refuses what is not an SSH remote of one app, saying which remote", () => {
  const refused: [string, RegExp][] = [
    [
      "https://slipway.example.org/git/myapp.git",
      /git remote slipway .* is HTTPS; the slipway client sends commands over SSH/,
    ],
    ["/srv/git/myapp.git", /is not an SSH URL/],
    ["../myapp", /is not an SSH URL/],
    ["C:\\repos\\myapp", /is not an SSH URL/],
    ["git@example.org:team/myapp", /does not name a Slipway app: its path "team\/myapp"/],
    ["ssh://example.org/", /does not name a Slipway app/],
    ["ssh://-oProxyCommand=x/myapp", /its host or user starts with -/],
    ["-oProxyCommand=x:myapp", /its host or user starts with -/],
  ];
  for (const [url, message] of refused) assert.throws(() => parseRemoteUrl("slipway", url), message, url);
});
