import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { Daemon } from "../support/daemon.js";
import { Harness, run } from "../support/harness.js";

/** What the daemon sent back on one raw connection: its status line, or "" if it closed without one. */
function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text.split("\r\n")[0]);
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on("connect", () => socket.write(bytes));
    socket.setEncoding("latin1").on("data", (d: string) => {
      text += d;
      if (text.includes("\r\n\r\n")) done(); // the head is all we judge
    });
    socket.on("error", done);
    socket.on("close", done);
  });
}

/** Kill every process below pid, by pid, deepest first. */
async function killDescendants(pid: number): Promise<void> {
  const kids = (await run(["pgrep", "-P", String(pid)])).stdout.split("\n").filter(Boolean).map(Number);
  for (const kid of kids) {
    await killDescendants(kid);
    try {
      process.kill(kid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

describe("slipwayd survives malformed requests", () => {
  const h = new Harness();
  const daemon = new Daemon(h);
  let token = "";

  before(async () => {
    await h.start();
    await daemon.start();
    token = (await h.slipway(["tokens:create", "fuzz", "--admin"])).stdout.trim();
  });
  after(async () => {
    await daemon.stop();
    await h.stop();
  });

  const auth = () => `Authorization: Bearer ${token}\r\n`;
  const get = (target: string, headers = "") => `GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`;
  const post = (target: string, body: string, headers = "") =>
    `POST ${target} HTTP/1.1\r\nHost: x\r\n${auth()}${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  /** [why, bytes]: each must get a 4xx answer; the token is filled in when the request runs. */
  const corpus = (): Array<[string, string | Buffer]> => [
    ["double slash, anonymous", get("//")],
    ["double slash, with a token", get("//", auth())],
    ["absolute URL with a bad port", get("http://a:99999/")],
    ["absolute URL with a bad port, with a token", get("http://a:99999/", auth())],
    ["absolute URL to another host", get("http://example.org/api/v1/apps", auth())],
    ["asterisk target", `OPTIONS * HTTP/1.1\r\nHost: x\r\n${auth()}\r\n`],
    ["three slashes", get("///api/v1/apps", auth())],
    ["bad percent-encoding in an app name", get("/api/v1/apps/%E0%A4%A", auth())],
    ["percent-encoded NUL in an app name", get("/api/v1/apps/%00", auth())],
    ["bad percent-encoding in a git path", get("/git/%zz.git/info/refs?service=git-upload-pack", auth())],
    ["dot segments in a git path", get("/git/../../etc/passwd/info/refs?service=git-upload-pack", auth())],
    ["huge number in the query", get("/api/v1/apps/x/logs?lines=99999999999999999999999", auth())],
    ["unknown method", `BREW /api/v1/apps HTTP/1.1\r\nHost: x\r\n${auth()}\r\n`],
    [
      "known method, no route",
      `PATCH /api/v1/apps HTTP/1.1\r\nHost: x\r\n${auth()}Content-Length: 0\r\n\r\n`,
    ],
    ["garbage request line", "GARBAGE\r\n\r\n"],
    ["unknown HTTP version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"],
    ["NUL in the target", Buffer.from("GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n", "latin1")],
    [
      "raw 8-bit bytes in the target",
      Buffer.from("GET /api/v1/apps/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", "latin1"),
    ],
    ["header without a colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"],
    ["oversized header", get("/api/v1/apps", `X-Big: ${"a".repeat(64 << 10)}\r\n`)],
    ["no Host header", "GET /api/v1/apps HTTP/1.1\r\n\r\n"],
    ["Basic credentials that are not base64", get("/api/v1/apps", "Authorization: Basic !!!%%%\r\n")],
    [
      "Bearer with a NUL-free junk token",
      get("/api/v1/apps", `Authorization: Bearer ${"\x7f".repeat(40)}\r\n`),
    ],
    [
      "non-numeric Content-Length",
      `POST /api/v1/deployments HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`,
    ],
    [
      "Content-Length and chunked together",
      `POST /api/v1/deployments HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      "broken chunk size",
      `POST /api/v1/deployments HTTP/1.1\r\nHost: x\r\n${auth()}Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n`,
    ],
    ["JSON that is not JSON", post("/api/v1/deployments", '{"name": ')],
    ["JSON of the wrong shape", post("/api/v1/deployments", "[1, 2, 3]")],
    ["JSON with __proto__", post("/api/v1/deployments", '{"__proto__": {"name": "x"}}')],
    ["deeply nested JSON", post("/api/v1/deployments", "[".repeat(200_000) + "]".repeat(200_000))],
    ["invalid UTF-8 body", post("/api/v1/deployments", '"\xff\xfe"')],
    ["body over the size limit", post("/api/v1/deployments", `{"name": "${"a".repeat(2 << 20)}"}`)],
    [
      "template PUT with a template that is not a string",
      post("/api/v1/deployments/x", '{"template": 5}').replace("POST", "PUT"),
    ],
    ["unsupported Expect", get("/api/v1/apps", `${auth()}Expect: teapot\r\n`)],
  ];

  it("answers each with a 4xx and keeps serving", async () => {
    const cases = corpus();
    assert.ok(cases.length >= 30);
    const wrong: string[] = [];
    for (const [why, bytes] of cases) {
      const status = await rawExchange(daemon.port, bytes);
      if (!/^HTTP\/1\.[01] 4\d\d /.test(status))
        wrong.push(`${why}: ${JSON.stringify(status) || "no answer"}`);
      if (daemon.child!.exitCode !== null) assert.fail(`slipwayd died on "${why}":\n${daemon.output}`);
    }
    assert.deepEqual(wrong, [], "every malformed request gets a 4xx");
    const ok = await daemon.request("GET", "/api/v1/apps", token);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(daemon.child!.exitCode, null, "slipwayd is still running");
    assert.doesNotMatch(daemon.output, /TypeError|Uncaught|unhandled/i);
  });

  it("answers a client that sends a head and then nothing, without waiting on it forever", async () => {
    // A half-finished body: the daemon may close or answer, but must keep serving others meanwhile.
    const socket = net.connect(daemon.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write(`POST /api/v1/deployments HTTP/1.1\r\nHost: x\r\n${auth()}Content-Length: 100\r\n\r\n{"na`);
    try {
      assert.equal((await daemon.request("GET", "/api/v1/apps", token)).status, 200);
    } finally {
      socket.destroy();
    }
    assert.equal(daemon.child!.exitCode, null);
  });

  it("leaves no git process behind when a pusher disconnects mid-pack", async () => {
    const children = async () => (await run(["pgrep", "-a", "-P", String(daemon.child!.pid)])).stdout.trim();
    const socket = net.connect(daemon.port, "127.0.0.1");
    socket.on("error", () => {});
    const head = `POST /git/cutoff.git/git-receive-pack HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: application/x-git-receive-pack-request\r\n`;
    // A ref update, then the start of a pack that never finishes: receive-pack waits for the rest.
    const line = `${"0".repeat(40)} ${"1".repeat(40)} refs/heads/cut\0 report-status\n`;
    const commands = (line.length + 4).toString(16).padStart(4, "0") + line + "0000";
    const pack = Buffer.concat([Buffer.from(commands), Buffer.from("PACK\0\0\0\x02\0\0\0\x05", "latin1")]);
    socket.write(`${head}Content-Length: ${10 << 20}\r\n\r\n`);
    socket.write(pack);
    let started = "";
    for (let i = 0; i < 150 && !started.includes("http-backend"); i++) {
      started = await children();
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(started, /http-backend/, "git http-backend was started for the upload");
    socket.destroy();
    let left = started;
    try {
      for (let i = 0; i < 50 && left; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = await children();
      }
      assert.equal(left, "", "no git process still waits for the rest of the pack");
    } finally {
      await killDescendants(daemon.child!.pid!); // a failure here must not leave a spinning backend behind
    }
  });
});
