import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { ROOT, WorkTree, run, useServerWithApp } from "../support/harness.js";
import { request, type Reply } from "../support/request.js";
import { selfSigned } from "../support/self-signed.js";

const CORPUS = path.join(ROOT, "test", "fixtures", "snippets", "hostile");
const PROBES = ["/leak/etc/passwd", "/leak/auth/victim.htpasswd"];

/** A hostile snippet and what it must be refused for: `# refused: DIRECTIVE` and `# probe: PATH` lines. */
function loadCorpus(): { file: string; text: string; directive: string; probes: string[] }[] {
  return fs
    .readdirSync(CORPUS)
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(CORPUS, file), "utf8");
      const directive = /^# refused: (\S+)$/m.exec(text)?.[1];
      assert.ok(directive, `${file} names the directive it must be refused for`);
      const probes = [...text.matchAll(/^# probe: (\S+)$/gm)].map((m) => m[1]);
      return { file, text, directive, probes: [...PROBES, ...probes] };
    });
}

/** True when a reply carries /etc/passwd or an htpasswd line. */
function leaks(reply: Reply): boolean {
  return /root:x?:0:0:/.test(reply.body) || /alice:\$6\$/.test(reply.body);
}

describe("nginx hardening: no snippet reaches a host file, unknown hosts get nothing, IPv6", () => {
  const { h, work: tree } = useServerWithApp("hello");
  let work: WorkTree;
  let ca = "";
  const get = (urlPath: string, host = "hello.e2e.test", address?: string) =>
    request({ port: h.nginxPort, host, path: urlPath, address });

  before(async () => {
    work = tree();
    for (const app of ["hello", "victim"]) {
      const push = await work.push(h.remoteUrl(app));
      assert.equal(push.code, 0, push.stderr);
    }
    const auth = await h.slipway(["auth:set", "victim", "alice"], "victim pass\n");
    assert.equal(auth.code, 0, auth.stderr);
    assert.ok(fs.existsSync(path.join(h.dir, "auth", "victim.htpasswd")));
    fs.mkdirSync(path.join(work.dir, "nginx"));
  });

  it("refuses every hostile snippet at push time, naming the directive, and no request reads a host file", async () => {
    const corpus = loadCorpus();
    assert.ok(corpus.length >= 15, `corpus has ${corpus.length} snippets`);
    const failures: string[] = [];
    for (const { file, text, directive, probes } of corpus) {
      work.write("nginx/evil.conf", text);
      await work.commit(`hostile ${file}`);
      const push = await work.push(h.remoteUrl("hello"));
      const named = new RegExp(`nginx snippet nginx/evil\\.conf was refused: .*"${directive}"`);
      if (push.code === 0) failures.push(`${file}: push accepted`);
      else if (!named.test(push.stderr))
        failures.push(`${file}: refused, not naming "${directive}": ${push.stderr}`);
      else if (/Building/.test(push.stderr)) failures.push(`${file}: refused only after the build started`);
      for (const probe of probes) {
        if (leaks(await get(probe))) failures.push(`${file}: ${probe} returned a host file`);
      }
    }
    assert.deepEqual(failures, []);
    fs.rmSync(path.join(work.dir, "nginx", "evil.conf"));
    await work.commit("no snippet");
  });

  it("serves a real ACME token and nothing else from the webroot, however the path walks", async () => {
    fs.writeFileSync(path.join(h.dir, "acme", "Tok_en-42"), "token body\n");
    const token = await get("/.well-known/acme-challenge/Tok_en-42");
    assert.equal(token.status, 200);
    assert.equal(token.body, "token body\n");
    const walks = [
      "../../../etc/passwd",
      "x/../../../../etc/passwd",
      "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "..%2f..%2f..%2fetc/passwd",
      "../auth/victim.htpasswd",
      "..%2fauth%2fvictim.htpasswd",
      "",
      "Tok_en-42/..",
      "Tok_en-42%2f..%2f..%2f..%2fetc/passwd",
    ].map((rest) => `/.well-known/acme-challenge/${rest}`);
    for (const walk of walks) {
      const reply = await get(walk);
      assert.ok(!leaks(reply), `${walk} returned a host file`);
      assert.notEqual(reply.body, "token body\n", `${walk} reached the webroot`);
    }
  });

  it("the ACME location holds on its own: the exploit spliced into the live vhost reads nothing", async () => {
    const file = path.join(h.dir, "vhosts", "hello.conf");
    const live = fs.readFileSync(file, "utf8");
    const exploit =
      "    add_header X-Spliced yes always;\n    proxy_intercept_errors on;\n" +
      "    rewrite ^/leak/(.*)$ /.well-known/acme-challenge/../../../$1 last;\n" +
      "    rewrite ^/up/(.*)$ /.well-known/acme-challenge/../$1 last;\n" +
      "    error_page 404 /.well-known/acme-challenge/../../../etc/passwd;\n";
    const proxyPass = / {4}proxy_pass http:\/\/slipway-hello_web;\n/;
    fs.writeFileSync(
      file,
      live.replace(proxyPass, (line) => line + exploit),
    );
    try {
      await reloadUntil(async () => (await get("/")).headers["x-spliced"] === "yes");
      for (const probe of ["/leak/etc/passwd", "/up/auth/victim.htpasswd", "/missing"]) {
        const reply = await get(probe);
        assert.ok(!leaks(reply), `${probe} returned a host file`);
        assert.equal(reply.headers["x-spliced"], "yes", `${probe} was answered by the spliced config`);
      }
    } finally {
      fs.writeFileSync(file, live);
      await reloadUntil(async () => (await get("/")).headers["x-spliced"] === undefined);
    }
  });

  it("a snippet stored by an older Slipway that today's rules refuse is left out of the vhost, with a warning", async () => {
    const file = path.join(h.state, "apps", "victim", "app.json");
    const record = JSON.parse(fs.readFileSync(file, "utf8"));
    const leak = {
      file: "nginx/leak.conf",
      name: "rewrite",
      args: ["^/leak/(.*)$", "/.well-known/acme-challenge/../../../$1", "last"],
    };
    const kept = { file: "nginx/ok.conf", name: "add_header", args: ["X-Kept", "yes", "always"] };
    record.routes.snippets = [leak, kept];
    fs.writeFileSync(file, JSON.stringify(record));
    const add = await h.ssh("domains:add victim stored.test");
    assert.equal(add.code, 0, add.stderr);
    assert.match(
      add.stderr,
      /victim is routed without its snippet nginx\/leak\.conf, which was stored earlier: .*"rewrite"/,
    );
    const reply = await get("/leak/etc/passwd", "stored.test");
    assert.ok(!leaks(reply), "the stored exploit reads nothing");
    assert.equal(reply.headers["x-kept"], "yes", "the allowed snippet stays");
  });

  /** Reload the harness's nginx and wait (bounded) until 3 answers in a row, past any old worker, are `ready`. */
  async function reloadUntil(ready: () => Promise<boolean>): Promise<void> {
    const settings = JSON.parse(fs.readFileSync(path.join(h.state, "settings.json"), "utf8"));
    const reload = await run(settings.nginx.reload);
    assert.equal(reload.code, 0, reload.stderr);
    let streak = 0;
    for (let i = 0; i < 100 && streak < 3; i++) {
      streak = (await ready()) ? streak + 1 : 0;
      if (streak < 3) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(streak, 3, "nginx took the new config");
  }

  it("answers an unknown Host with a status, never a default page, on HTTP and on HTTPS with a known SNI", async () => {
    const html = path.join(h.dir, "nginx", "html");
    fs.mkdirSync(html, { recursive: true });
    fs.writeFileSync(path.join(html, "index.html"), "Welcome to nginx!\n"); // as in Debian's /usr/share/nginx/html
    const made = selfSigned(fs.mkdtempSync(path.join(h.dir, "certs-")), "hello", "DNS:hello.e2e.test");
    ca = made.cert;
    const bundle = made.bundle;
    const add = await h.slipway(["certs:add", "hello"], bundle);
    assert.equal(add.code, 0, add.stderr);
    const tlsTo = (host: string, sni = host) => request({ port: h.tlsPort, host, sni, tls: { ca } });
    assert.equal((await tlsTo("hello.e2e.test")).body, "hello v1\n");
    const mismatch = await tlsTo("nobody.test", "hello.e2e.test");
    assert.equal(mismatch.status, 421);
    assert.doesNotMatch(mismatch.body, /Welcome to nginx/);
    const plain = await get("/", "nobody.test");
    assert.equal(plain.status, 404);
    assert.doesNotMatch(plain.body, /Welcome to nginx/);
    await assert.rejects(tlsTo("nobody.test"), /alert|handshake|socket/i);
  });

  it("listens on [::] too when the host has IPv6: app, TLS and default servers", async () => {
    assert.ok(fs.readFileSync("/proc/net/if_inet6", "utf8").trim(), "this host has IPv6");
    assert.equal((await get("/", "victim.e2e.test", "::1")).status, 401, "auth holds over IPv6 too");
    const app = await request({
      port: h.nginxPort,
      host: "victim.e2e.test",
      address: "::1",
      auth: "alice:victim pass",
    });
    assert.equal(app.body, "hello v1\n");
    assert.equal((await get("/", "nobody.test", "::1")).status, 404);
    const secure = await request({ port: h.tlsPort, host: "hello.e2e.test", address: "::1", tls: { ca } });
    assert.equal(secure.body, "hello v1\n");
    const vhost = fs.readFileSync(path.join(h.dir, "vhosts", "hello.conf"), "utf8");
    assert.match(vhost, new RegExp(`listen \\[::\\]:${h.nginxPort};`));
  });
});
