import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import tar from "tar-stream";
import { packContext, withContextFiles } from "../../../src/builders/context-tar.js";

async function entries(stream: Readable): Promise<Record<string, string>> {
  const extract = tar.extract();
  const out: Record<string, string> = {};
  extract.on("entry", (header, body, next) => {
    let text = "";
    body.on("data", (d) => (text += String(d)));
    body.on("end", () => ((out[header.name] = text), next()));
  });
  stream.pipe(extract);
  await new Promise<void>((resolve) => extract.once("finish", () => resolve()));
  return out;
}

test("withContextFiles keeps the tree, replaces a same-named file and adds the rest", async () => {
  const source = packContext([
    { name: "Dockerfile", text: "FROM old\n" },
    { name: "server.js", text: "code\n" },
  ]);
  const result = await entries(withContextFiles(source, [{ name: "Dockerfile", text: "FROM new\n" }]));
  assert.deepEqual(result, { "server.js": "code\n", Dockerfile: "FROM new\n" });
});

test("packContext streams a file from disk", async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "slipway-ctx-")), "slug.tgz");
  fs.writeFileSync(file, "x".repeat(100_000));
  const result = await entries(
    packContext([
      { name: "Dockerfile", text: "FROM runner\n" },
      { name: "slug.tgz", path: file },
    ]),
  );
  assert.equal(result["slug.tgz"].length, 100_000);
  assert.equal(result.Dockerfile, "FROM runner\n");
  fs.rmSync(path.dirname(file), { recursive: true });
});
