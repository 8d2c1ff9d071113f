import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCgiHead } from "../../../src/daemon/cgi-response.js";
import { parseGitPath } from "../../../src/daemon/git-http-path.js";

const q = (s = "") => new URLSearchParams(s);

test("parseGitPath accepts the smart protocol's three endpoints", () => {
  assert.deepEqual(parseGitPath("GET", "/git/web.git/info/refs", q("service=git-receive-pack")), {
    app: "web",
    service: "git-receive-pack",
    pathInfo: "/web.git/info/refs",
  });
  assert.deepEqual(parseGitPath("POST", "/git/web/git-upload-pack", q()), {
    app: "web",
    service: "git-upload-pack",
    pathInfo: "/web.git/git-upload-pack",
  });
  assert.equal(parseGitPath("POST", "/git/web.git/git-receive-pack", q()).service, "git-receive-pack");
});

test("parseGitPath refuses the dumb protocol, other paths, bad names and wrong methods", () => {
  assert.throws(() => parseGitPath("GET", "/git/web.git/info/refs", q()), { code: "bad-request" });
  assert.throws(() => parseGitPath("GET", "/git/web.git/HEAD", q()), { code: "not-found" });
  assert.throws(() => parseGitPath("GET", "/git/web.git/objects/info/packs", q()), { code: "not-found" });
  assert.throws(() => parseGitPath("POST", "/git/../etc/git-receive-pack", q()), { code: "not-found" });
  assert.throws(() => parseGitPath("POST", "/git/Web.git/git-receive-pack", q()), { code: "app-name" });
  assert.throws(() => parseGitPath("GET", "/git/web.git/git-receive-pack", q()), {
    code: "method-not-allowed",
  });
  assert.throws(() => parseGitPath("POST", "/git/web.git/info/refs", q("service=git-upload-pack")), {
    code: "method-not-allowed",
  });
});

test("parseCgiHead waits for the blank line, then reads status and headers", () => {
  assert.equal(parseCgiHead(Buffer.from("Content-Type: text/plain\r\n")), undefined);
  const head = parseCgiHead(
    Buffer.from("Status: 403 Forbidden\r\nContent-Type: text/plain\r\nExpires: never\r\n\r\nbody"),
  )!;
  assert.equal(head.status, 403);
  assert.deepEqual(head.headers, { "content-type": "text/plain", expires: "never" });
  const raw = Buffer.from("Content-Type: application/x-git-receive-pack-result\n\n0000");
  const lf = parseCgiHead(raw)!;
  assert.equal(lf.status, 200);
  assert.equal(raw.subarray(lf.bodyStart).toString(), "0000");
});

test("the frame demuxer joins payloads split across chunks in any place", async () => {
  const { createFrameDemuxer } = await import("../../../src/daemon/frame-demuxer.js");
  const frame = (stream: number, text: string) => {
    const head = Buffer.alloc(8);
    head[0] = stream;
    head.writeUInt32BE(Buffer.byteLength(text), 4);
    return Buffer.concat([head, Buffer.from(text)]);
  };
  const whole = Buffer.concat([frame(1, "out line\n"), frame(2, "err line\n"), frame(1, "")]);
  for (let cut = 0; cut <= whole.length; cut++) {
    const got: string[] = [];
    const feed = createFrameDemuxer((p) => got.push(p.toString()));
    feed(whole.subarray(0, cut));
    feed(whole.subarray(cut));
    assert.equal(got.join(""), "out line\nerr line\n", `cut at ${cut}`);
  }
});
