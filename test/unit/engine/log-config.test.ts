import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../../support/harness.js";
import { serviceHostConfig } from "../../../src/engine/service-host-config.js";
import { CAPPED_LOGS } from "../../../src/engine/log-config.js";

/** Where each kind of container's options get their log config; a new createContainer call must be added. */
const CREATORS: Record<string, RegExp> = {
  "src/builders/build-slug.ts": /LogConfig: CAPPED_LOGS/,
  "src/engine/copy-volume.ts": /LogConfig: CAPPED_LOGS/,
  // services: serviceContainerOptions → serviceHostConfig
  "src/engine/start-container.ts": /createContainer\(spec\)/,
  // one-offs and cron runs: oneOffContainerOptions → serviceHostConfig
  "src/release/run-one-off.ts": /oneOffContainerOptions\(/,
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") ? [full] : [];
  });
}

test("every file that creates a container is one whose options carry the capped json-file log", () => {
  const creating = sources(path.join(ROOT, "src"))
    .filter((f) => fs.readFileSync(f, "utf8").includes(".createContainer("))
    .map((f) => path.relative(ROOT, f))
    .sort();
  assert.deepEqual(creating, Object.keys(CREATORS).sort());
  for (const [file, pattern] of Object.entries(CREATORS))
    assert.match(fs.readFileSync(path.join(ROOT, file), "utf8"), pattern, file);
});

test("services, one-offs and cron runs get the cap from serviceHostConfig", () => {
  const spec = { volumes: {}, memoryBytes: 1, pids: 1 } as unknown as Parameters<typeof serviceHostConfig>[0];
  assert.deepEqual(serviceHostConfig(spec, "p", "a").LogConfig, CAPPED_LOGS);
  assert.deepEqual(CAPPED_LOGS, { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } });
});
