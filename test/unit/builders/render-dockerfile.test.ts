import { test } from "node:test";
import assert from "node:assert/strict";
import { renderDockerfile } from "../../../src/builders/render-dockerfile.js";
import { renderSlugDockerfile } from "../../../src/builders/build-slug.js";

const plan = { baseImage: "node:20-slim", webCommand: "npm start", port: 5000 };

test("node: the lockfile and npm ci form their own layer, before the code", () => {
  const { text, installStep } = renderDockerfile({
    ...plan,
    platform: "node",
    files: ["package.json", "package-lock.json", "server.js"],
  });
  assert.equal(
    text,
    [
      "FROM node:20-slim",
      "WORKDIR /app",
      "ENV PORT=5000 NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false",
      'COPY ["package.json","package-lock.json","./"]',
      "RUN npm ci --omit=dev",
      "COPY . /app",
      "EXPOSE 5000",
      'CMD ["/bin/sh","-c","npm start"]',
      "",
    ].join("\n"),
  );
  assert.equal(installStep, "RUN npm ci --omit=dev");
});

test("node without a lockfile falls back to npm install", () => {
  const { text, installStep } = renderDockerfile({ ...plan, platform: "node", files: ["package.json"] });
  assert.match(text, /^COPY \["package.json","\.\/"\]\nRUN npm install --omit=dev$/m);
  assert.equal(installStep, "RUN npm install --omit=dev");
});

test("python installs requirements.txt before copying the code", () => {
  const { text } = renderDockerfile({
    ...plan,
    platform: "python",
    baseImage: "python:3.12-slim",
    webCommand: "gunicorn app:app",
    files: ["requirements.txt"],
  });
  assert.match(
    text,
    /COPY \["requirements.txt","\.\/"\]\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY \. \/app\n/,
  );
  assert.match(text, /CMD \["\/bin\/sh","-c","gunicorn app:app"\]/);
});

test("go downloads modules, then builds the binary after the code", () => {
  const { text, installStep } = renderDockerfile({
    ...plan,
    platform: "go",
    baseImage: "golang:1.22",
    webCommand: "/usr/local/bin/app",
    files: ["go.mod", "go.sum"],
  });
  assert.match(
    text,
    /COPY \["go.mod","go.sum","\.\/"\]\nRUN go mod download\nCOPY \. \/app\nRUN CGO_ENABLED=0 go build -o \/usr\/local\/bin\/app \.\n/,
  );
  assert.equal(installStep, "RUN go mod download");
});

test("static sites have no install step", () => {
  const { text, installStep } = renderDockerfile({
    ...plan,
    platform: "static",
    baseImage: "busybox:stable",
    webCommand: 'httpd -f -p "$PORT" -h /app',
    files: ["index.html"],
  });
  assert.equal(installStep, undefined);
  assert.doesNotMatch(text, /RUN/);
  assert.match(text, /CMD \["\/bin\/sh","-c","httpd -f -p \\"\$PORT\\" -h \/app"\]/);
});

test("a Procfile command is quoted as JSON, so it cannot add Dockerfile instructions", () => {
  const { text } = renderDockerfile({
    ...plan,
    platform: "node",
    files: ["package.json"],
    webCommand: 'node a.js\nRUN rm -rf / "x"',
  });
  assert.equal(text.split("\n").filter((l) => l.startsWith("RUN")).length, 1);
  assert.match(text, /CMD \["\/bin\/sh","-c","node a.js\\nRUN rm -rf \/ \\"x\\""\]/);
});

test("a slug image unpacks the slug at /app on the runner and starts the web type", () => {
  assert.equal(
    renderSlugDockerfile("flynn/slugrunner", 5000),
    'FROM flynn/slugrunner\nADD slug.tgz /app\nENV PORT=5000\nEXPOSE 5000\nCMD ["start", "web"]\n',
  );
});
