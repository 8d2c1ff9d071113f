import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { BASE_IMAGE } from "../support/base-image.js";
import { Daemon } from "../support/daemon.js";
import { Harness, WorkTree, freePort, type RunResult } from "../support/harness.js";

const CHROMIUM = "/usr/bin/chromium";
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** Prints a line a second and serves its page with the GREETING config var, so both show in the browser. */
const DOCKERFILE = `FROM ${BASE_IMAGE}
COPY index.html /www/index.html
EXPOSE 5000
CMD echo "$(cat /www/index.html) \${GREETING:-plain}" > /tmp/index.html; \\
  (while true; do echo "tick \${GREETING:-plain} $(date +%s)"; sleep 1; done) & exec httpd -f -p "$PORT" -h /tmp
`;
const TEMPLATE = `services:\n  web:\n    image: ${BASE_IMAGE}\n    cmd: exec httpd -f -p $PORT -h /tmp\n`;

/** Wait, bounded, until the predicate holds in the page. */
async function waitInPage(page: Page, fn: string, what: string, ms = 20_000): Promise<void> {
  await page.waitForFunction(fn, { timeout: ms, polling: 200 }).catch(() => {
    throw new Error(`timed out waiting for ${what}`);
  });
}

describe("the dashboard, in a real headless Chromium", () => {
  const h = new Harness();
  const daemon = new Daemon(h);
  const shots = process.env.SLIPWAY_SCREENSHOTS ?? h.dir;
  let work: WorkTree;
  let browser: Browser;
  let page: Page;
  let admin = "";
  let viewer = "";
  const requested = new Set<string>();
  const ok = (res: RunResult) => assert.equal(res.code, 0, res.stderr);

  before(async () => {
    await h.start();
    await daemon.start();
    admin = (await h.slipway(["tokens:create", "admin", "--admin"])).stdout.trim();
    viewer = (await h.slipway(["tokens:create", "viewer", "--apps", "beta"])).stdout.trim();
    work = await new WorkTree(h.clientEnv()).init("hello");
    work.write("Dockerfile", DOCKERFILE);
    await work.commit("logs and a greeting");
    ok(await work.push(h.remoteUrl("alpha")));
    work.write("index.html", "hello v2\n");
    await work.commit("v2");
    ok(await work.push(h.remoteUrl("alpha")));
    work.write("Dockerfile", `${DOCKERFILE}RUN echo broken-on-purpose && false\n`);
    await work.commit("broken");
    assert.notEqual((await work.push(h.remoteUrl("alpha"))).code, 0, "the broken push is refused");
    const beta = await daemon.request("PUT", "/api/v1/deployments/beta", admin, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ template: TEMPLATE }),
    });
    assert.equal(beta.status, 200, beta.body);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--headless=new"],
    });
    page = await browser.newPage();
    page.on("request", (r) => requested.add(new URL(r.url()).origin));
    await page.setViewport({ width: 1100, height: 900 });
  });
  after(async () => {
    await browser?.close();
    await daemon.stop();
    work?.remove();
    await h.stop();
  });

  async function expectNoSeriousAxe(p: Page, where: string): Promise<void> {
    await p.evaluate(AXE); // through the debugger, which the page's CSP does not govern
    const found = (await p.evaluate(
      "axe.run().then((r) => r.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' ')))",
    )) as string[];
    assert.deepEqual(found, [], `axe on ${where}`);
  }

  it("1-2: logs in with a token and sees both apps, readable at 375 px and accessible", async () => {
    const first = await page.goto(`${daemon.url}/`);
    assert.equal(new URL(page.url()).pathname, "/login", "an anonymous visit goes to the login page");
    assert.match(first!.headers()["content-security-policy"], /default-src 'self'/);
    await page.type("#token", admin);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const cookie = (await page.cookies()).find((c) => c.name === "slipway_session")!;
    assert.ok(
      cookie.httpOnly && cookie.sameSite === "Strict" && cookie.expires > Date.now() / 1000,
      "cookie",
    );
    const apps = await page.$$eval("tr[data-app]", (rows) => rows.map((r) => r.getAttribute("data-app")));
    assert.deepEqual(apps, ["alpha", "beta"]);
    const alphaRow = await page.$eval("tr[data-app=alpha]", (r) => (r as HTMLElement).innerText);
    assert.match(alphaRow, /v2 push/);
    assert.match(alphaRow, /push of release 3 failed; release 2 still serves/);
    assert.match(alphaRow, /alpha\.e2e\.test/);
    assert.match(alphaRow, /web 1\/1/);
    assert.match(await page.$eval("main", (m) => (m as HTMLElement).innerText), /disk/);
    await page.screenshot({ path: path.join(shots, "dashboard-overview.png") });
    await expectNoSeriousAxe(page, "the overview");
    await page.setViewport({ width: 375, height: 800 });
    const wide = await page.evaluate("document.documentElement.scrollWidth");
    assert.ok((wide as number) <= 375, `the overview fits 375 px (is ${wide})`);
    await page.setViewport({ width: 1100, height: 900 });
    await Promise.all([page.waitForNavigation({ timeout: 30_000 }), page.click("a[href='/status']")]);
    const status = await page.$eval("main", (m) => (m as HTMLElement).innerText);
    assert.match(status, /Server status/);
    assert.match(status, /backup\s+backups\s+no backups configured/, "the status report's own lines");
    assert.match(status, /container\s+slipway-test-\w+-alpha\.web/);
  });

  it("3: sets a config var on the app page and the app restarts with it", async () => {
    await page.goto(`${daemon.url}/`);
    await Promise.all([page.waitForNavigation(), page.click("a[href='/apps/alpha']")]);
    await page.type("#config-name", "GREETING");
    await page.type("#config-value", "hi-from-browser");
    await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.click("#config-value ~ button")]);
    assert.match(await page.$eval("main", (m) => (m as HTMLElement).innerText), /Config set/);
    assert.equal((await h.fetch("alpha")).body, "hello v2 hi-from-browser\n");
    // As served, before the live logs (where the app itself prints it) start: the value is not in the page.
    const served = await page.evaluate(`fetch("/apps/alpha").then((r) => r.text())`);
    assert.match(served as string, /GREETING/);
    assert.ok(!(served as string).includes("hi-from-browser"), "a config value never reaches the browser");
    assert.match(await page.$eval("#live-release", (e) => e.textContent ?? ""), /v4/);
    const live = await page.$eval("tr.live", (e) => (e as HTMLElement).innerText);
    assert.match(live, /config\s+\w+\s+token:admin/, "the release names the dashboard's user");
    await expectNoSeriousAxe(page, "the app page");
  });

  it("5: shows a log line the app prints, live", async () => {
    await page.select("#log-service", "web");
    await Promise.all([page.waitForNavigation(), page.click("#log-service ~ button")]);
    await waitInPage(
      page,
      "/tick hi-from-browser/.test(document.getElementById('log').textContent)",
      "a log",
    );
    const seen = await page.$eval("#log", (e) => (e.textContent ?? "").split("\n").filter(Boolean).length);
    await waitInPage(
      page,
      `document.getElementById('log').textContent.split('\\n').filter(Boolean).length > ${seen}`,
      "a new line",
    );
    await page.screenshot({ path: path.join(shots, "dashboard-app.png"), fullPage: true });
  });

  it("4: rolls back after confirming; the release changes and the site serves the old content", async () => {
    await Promise.all([page.waitForNavigation(), page.click("button[aria-label='Roll back to release 1']")]);
    assert.match(await page.$eval("h1", (e) => e.textContent ?? ""), /Roll back alpha\?/);
    assert.equal(
      (await h.fetch("alpha")).body,
      "hello v2 hi-from-browser\n",
      "nothing changes before confirming",
    );
    await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.click("button.danger")]);
    assert.match(await page.$eval("#live-release", (e) => e.textContent ?? ""), /v5/);
    assert.match((await h.fetch("alpha")).body, /^hello v1 /);
  });

  it("6: opens a failed push's output, the same text as `releases:output` and the API give", async () => {
    await Promise.all([page.waitForNavigation(), page.click("a[href='/apps/alpha/pushes/3']")]);
    const shown = await page.$eval("pre", (e) => e.textContent ?? "");
    assert.match(shown, /broken-on-purpose/);
    const cli = await h.slipway(["releases:output", "alpha", "3"]);
    assert.equal(cli.stdout, shown);
    const api = await daemon.request("GET", "/api/v1/deployments/alpha/releases/3/output", admin);
    assert.equal(api.body, shown);
  });

  it("refuses a forged cross-site post and a post without the CSRF token", async () => {
    const port = await freePort();
    const forger = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<form id=f method=post action="${daemon.url}/apps/alpha/config">
<input name=name value=EVIL><input name=value value=1></form><script>f.submit()</script>`);
    });
    await new Promise<void>((r) => forger.listen(port, "127.0.0.1", r));
    try {
      const evil = await browser.newPage();
      const answer = evil.waitForResponse((r) => r.url().startsWith(daemon.url), { timeout: 10_000 });
      await evil.goto(`http://127.0.0.1:${port}/`);
      assert.equal((await answer).status(), 403);
      await evil.close();
    } finally {
      forger.close();
    }
    const status = await page.evaluate(
      `fetch("/apps/alpha/config", {method: "POST", headers: {"content-type": "application/x-www-form-urlencoded"},
        body: "name=EVIL&value=1"}).then((r) => r.status)`,
    );
    assert.equal(status, 403);
    const names = await daemon.request("GET", "/api/v1/deployments/alpha/config", admin);
    assert.deepEqual(JSON.parse(names.body).names, ["GREETING"], "nothing was set");
  });

  it("7: logs out, and the old session cookie no longer opens anything", async () => {
    const cookie = (await page.cookies()).find((c) => c.name === "slipway_session")!;
    await Promise.all([page.waitForNavigation(), page.click(".logout button")]);
    assert.equal(new URL(page.url()).pathname, "/login");
    const replay = await daemon.request("GET", "/", undefined, {
      headers: { cookie: `slipway_session=${cookie.value}` },
    });
    assert.equal(replay.status, 303);
    assert.equal(replay.headers.location, "/login");
  });

  it("8: a scoped token sees and opens only its app", async () => {
    const context = await browser.createBrowserContext();
    const scoped = await context.newPage();
    await scoped.goto(`${daemon.url}/login`);
    await scoped.type("#token", viewer);
    await Promise.all([scoped.waitForNavigation(), scoped.keyboard.press("Enter")]);
    const apps = await scoped.$$eval("tr[data-app]", (rows) => rows.map((r) => r.getAttribute("data-app")));
    assert.deepEqual(apps, ["beta"]);
    // Keyboard alone: the skip link, the brand, Log out, then the first app's link.
    for (let i = 0; i < 4; i++) await scoped.keyboard.press("Tab");
    assert.equal(await scoped.evaluate("document.activeElement.getAttribute('href')"), "/apps/beta");
    await Promise.all([scoped.waitForNavigation(), scoped.keyboard.press("Enter")]);
    assert.equal(new URL(scoped.url()).pathname, "/apps/beta");
    const other = await scoped.goto(`${daemon.url}/apps/alpha`);
    assert.equal(other!.status(), 403);
    assert.equal(
      (await scoped.goto(`${daemon.url}/status`))!.status(),
      403,
      "the server's status is for admins",
    );
    await context.close();
    assert.deepEqual([...requested].sort(), [daemon.url], "no request left slipwayd");
  });
});
