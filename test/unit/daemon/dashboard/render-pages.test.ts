import assert from "node:assert/strict";
import { test } from "node:test";
import type { AppPage } from "../../../../src/daemon/dashboard/app-page-data.js";
import { renderAppPage } from "../../../../src/daemon/dashboard/render-app-page.js";
import { renderOverview } from "../../../../src/daemon/dashboard/render-overview.js";

const EVIL = `<img src=x onerror=alert(1)>`;
const frame = { title: "t", user: { name: EVIL, csrf: "tok-123" } };

const page: AppPage = {
  name: "shop",
  light: { light: "amber", why: EVIL, services: [] },
  release: 4,
  defaultDomain: "shop.example.org",
  containers: [{ service: "web", name: "c1", state: "running", cpuPercent: 1.25, memoryBytes: 3 << 20 }],
  releases: [
    { number: 4, live: true, cause: "config", by: EVIL, at: "2026-11-30T10:00:00Z" },
    { number: 3, live: false, cause: "push", sha: "abc1234", at: "2026-11-30T09:00:00Z" },
  ],
  configNames: ["DATABASE_URL"],
  domains: [{ name: "shop.example.com", service: "web" }],
  cron: [{ id: "nightly", schedule: "0 3 * * *", service: "web" }],
  pushes: [{ release: 5, ok: false, at: "2026-11-30T11:00:00Z", by: "alice" }],
  services: ["web"],
};

test("the app page escapes every value and puts the CSRF token in every post form", () => {
  const text = renderAppPage(frame, page, { done: "config-set", service: "web" });
  assert.ok(!text.includes(EVIL), "no data becomes markup");
  assert.match(text, /&lt;img src=x onerror=alert\(1\)&gt;/);
  const posts = text.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
  assert.equal(posts.length, 3, "logout, unset DATABASE_URL, set");
  for (const form of posts) assert.match(form, /name="csrf" value="tok-123"/);
  assert.match(
    text,
    /action="\/apps\/shop\/rollback"[\s\S]*?name="release" value="3"/,
    "a rollback per old release",
  );
  assert.doesNotMatch(text, /name="release" value="4"/, "none for the live one");
  assert.match(text, /data-src="\/apps\/shop\/logs\/stream\?service=web"/);
  assert.match(text, /href="\/apps\/shop\/pushes\/5"/);
  assert.match(text, /Config set/);
  assert.doesNotMatch(text, /<script>|style=/, "no inline script or style: the CSP forbids them");
});

test("an unknown done code shows nothing rather than echoing it", () => {
  assert.doesNotMatch(renderAppPage(frame, page, { done: EVIL }), /notice/);
});

test("the overview shows each app's light, release and services, and the health only when given", () => {
  const row = {
    name: "shop",
    light: "green" as const,
    why: "ok",
    services: [{ name: "web", running: 2, wanted: 2 }],
  };
  const text = renderOverview(frame, {
    rows: [
      { ...row, release: 7, cause: "push", deployedAt: "2026-11-30T10:00:00Z", by: "bob", domains: ["a.b"] },
    ],
    health: [],
  });
  assert.match(text, /<tr data-app="shop">/);
  assert.match(text.replace(/\s+/g, " "), /web 2\/2/);
  assert.doesNotMatch(text, /<h2>Server<\/h2>/);
});
