// suite: exclusive
// It runs configure-system.sh on the real server, which restarts slipwayd and reloads nginx.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureBaseImage } from "../support/base-image.js";
import { ROOT, WorkTree, fetchVia, run } from "../support/harness.js";

// The real server that configure-system.sh made: the git user, sshd on 22, nginx on 80.
describe("a server set up by configure-system.sh", () => {
  const id = crypto.randomBytes(3).toString("hex");
  const app = `prov-${id}`;
  const keyName = `prov-${id}`;
  const domain = `prov-${id}.test`;
  const keyFile = path.join(fs.mkdtempSync("/tmp/slipway-prov-"), "key");
  const settingsFile = "/var/lib/slipway/settings.json";
  let originalDomain = "";
  let work: WorkTree | undefined;

  before(async () => {
    assert.equal(
      process.getuid?.(),
      0,
      "configure-system.sh must run as root; run the suite as root (as CI does)",
    );
    originalDomain = fs.existsSync(settingsFile)
      ? JSON.parse(fs.readFileSync(settingsFile, "utf8")).domain
      : "localhost";
    await ensureBaseImage();
  });
  after(async () => {
    await run(["slipway", "apps:destroy", app, "--force"]);
    await run(["slipway", "keys:remove", keyName]);
    await run(["slipway", "tokens:revoke", keyName]);
    await run(["slipway", "domains:set-global", originalDomain]);
    work?.remove();
    fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
  });

  it("sets the global domain from SLIPWAY_DOMAIN, and a second run changes nothing", async () => {
    const first = await run(["./configure-system.sh"], {
      cwd: ROOT,
      env: { ...process.env, SLIPWAY_DOMAIN: domain },
      timeoutMs: 900_000,
    });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(JSON.parse(fs.readFileSync(settingsFile, "utf8")).domain, domain);
    const second = await run(["./configure-system.sh"], { cwd: ROOT, timeoutMs: 900_000 });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^-----> Slipway is ready \(0 changes\)/m);
    assert.doesNotMatch(second.stdout, /Installing|Created|Wrote|Starting/);
  });

  it("takes a key with gitreceive, deploys a push to git@127.0.0.1:22, and serves it on port 80", async () => {
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
    const upload = await run(["gitreceive", "upload-key", keyName], {
      input: fs.readFileSync(`${keyFile}.pub`, "utf8"),
    });
    assert.equal(upload.code, 0, upload.stderr);
    const ssh = `ssh -F /dev/null -i ${keyFile} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR`;
    work = await new WorkTree({ ...process.env, GIT_SSH_COMMAND: ssh }).init("hello");
    const push = await work.push(`git@127.0.0.1:${app}`);
    assert.equal(push.code, 0, push.stderr);
    assert.match(
      push.stderr,
      new RegExp(`Deployed ${app} release 1: http://${app}\\.${domain.replace(/\./g, "\\.")}/`),
    );
    const page = await fetchVia(80, `${app}.${domain}`);
    assert.equal(page.status, 200);
    assert.equal(page.body, "hello v1\n");
    assert.equal(
      (await fetchVia(80, `nobody-${id}.${domain}`)).status,
      404,
      "unknown hosts get the catch-all 404",
    );
  });

  it("runs slipwayd as the git user on 127.0.0.1:7701, behind a token", async () => {
    const pid = fs.readFileSync("/var/lib/slipway/slipwayd.pid", "utf8").trim();
    assert.match(
      fs.readFileSync(`/proc/${pid}/status`, "utf8"),
      new RegExp(`^Uid:\\s+${(await run(["id", "-u", "git"])).stdout.trim()}\\s`, "m"),
    );
    const token = (await run(["slipway", "tokens:create", keyName, "--admin"])).stdout.trim();
    const api = (auth?: string) =>
      fetch("http://127.0.0.1:7701/api/v1/apps", {
        headers: auth ? { authorization: auth } : {},
        signal: AbortSignal.timeout(10_000),
      });
    assert.equal((await api()).status, 401);
    const apps = await (await api(`Bearer ${token}`)).json();
    assert.ok(
      apps.some((a: { name: string }) => a.name === app),
      "the app pushed over SSH is listed",
    );
    work!.write("index.html", "hello over http\n");
    await work!.commit("over http");
    const push = await work!.push(`http://tester:${token}@127.0.0.1:7701/git/${app}.git`);
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, new RegExp(`Deployed ${app} release 2`));
    assert.equal((await fetchVia(80, `${app}.${domain}`)).body, "hello over http\n");
  });
});
