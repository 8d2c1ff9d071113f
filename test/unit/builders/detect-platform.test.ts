import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultWebCommand, detectPlatform } from "../../../src/builders/detect-platform.js";

test("recognises each platform by its marker file", () => {
  assert.deepEqual(detectPlatform(["package.json", "server.js"]), {
    platform: "node",
    marker: "package.json",
  });
  assert.deepEqual(detectPlatform(["requirements.txt", "app.py"]), {
    platform: "python",
    marker: "requirements.txt",
  });
  assert.deepEqual(detectPlatform(["go.mod", "main.go"]), { platform: "go", marker: "go.mod" });
  assert.deepEqual(detectPlatform(["index.html", "style.css"]), { platform: "static", marker: "index.html" });
});

test("an index.html does not hide a real platform", () => {
  assert.equal(detectPlatform(["index.html", "go.mod"]).platform, "go");
  assert.equal(detectPlatform(["index.html", "package.json"]).platform, "node");
});

test("an unrecognised tree is rejected with the list of what was looked for", () => {
  assert.throws(
    () => detectPlatform(["README.md", "src"]),
    (err: Error & { hint?: string }) => {
      assert.match(
        err.message,
        /none of package\.json \(node\), requirements\.txt \(python\), go\.mod \(go\), index\.html \(static\)/,
      );
      assert.match(err.hint!, /Dockerfile/);
      return true;
    },
  );
});

test("node starts with npm start when there is a start script or a server.js", () => {
  assert.equal(
    defaultWebCommand("node", ["package.json"], '{"scripts":{"start":"node app.js"}}'),
    "npm start",
  );
  assert.equal(defaultWebCommand("node", ["package.json", "server.js"], "{}"), "npm start");
  assert.throws(
    () => defaultWebCommand("node", ["package.json"], '{"scripts":{}}'),
    /no scripts\.start and there is no server\.js/,
  );
  assert.throws(
    () => defaultWebCommand("node", ["package.json"], "{not json"),
    /package\.json is not valid JSON/,
  );
});

test("the other platforms' default web commands", () => {
  assert.equal(defaultWebCommand("python", ["requirements.txt", "app.py"]), "python app.py");
  assert.throws(
    () => defaultWebCommand("python", ["requirements.txt"]),
    /no Procfile with a web type, and there is no app\.py/,
  );
  assert.equal(defaultWebCommand("go", ["go.mod"]), "/usr/local/bin/app");
  assert.equal(defaultWebCommand("static", ["index.html"]), 'httpd -f -p "$PORT" -h /app');
});
