import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { relayCgi } from "../../../src/daemon/relay-cgi.js";

/**
 * A loopback server whose "backend" answers and ends as soon as the request starts, before the
 * client has sent its whole body: the answer must wait for the body's end (or the tail limit).
 */
async function withEarlyBackend(
  tailMs: number,
  fn: (port: number, answeredAt: () => number | undefined) => Promise<void>,
): Promise<void> {
  let answeredAt: number | undefined;
  const server = http.createServer((req, res) => {
    const out = new PassThrough();
    res.once("finish", () => (answeredAt = Date.now()));
    void relayCgi(out, req, res, tailMs);
    out.end("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nunpack ok\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await fn((server.address() as AddressInfo).port, () => answeredAt);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

function post(port: number): { req: http.ClientRequest; reply: Promise<{ status: number; body: string }> } {
  const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/", timeout: 10_000 });
  const reply = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once("response", (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d) => (body += d));
      res.once("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once("error", reject);
  });
  return { req, reply };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a backend that ends before the request does is answered only once the request has ended", async () => {
  await withEarlyBackend(10_000, async (port, answeredAt) => {
    const { req, reply } = post(port);
    req.write("x".repeat(64 << 10)); // chunked, and not ended yet: a client still sending
    await sleep(300);
    assert.equal(answeredAt(), undefined, "no answer while the client is still sending");
    const ended = Date.now();
    req.end("last frame");
    const got = await reply;
    assert.deepEqual(got, { status: 200, body: "unpack ok\n" });
    assert.ok(answeredAt()! >= ended, "answered after the request's end");
  });
});

test("a request that never ends gets the backend's answer after the tail limit", async () => {
  await withEarlyBackend(400, async (port, answeredAt) => {
    const { req, reply } = post(port);
    const sent = Date.now();
    req.write("x".repeat(1024));
    const got = await reply;
    assert.deepEqual(got, { status: 200, body: "unpack ok\n" });
    const waited = answeredAt()! - sent;
    assert.ok(waited >= 350 && waited < 5_000, `answered after ${waited} ms`);
    req.destroy();
  });
});
