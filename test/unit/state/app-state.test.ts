import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

test("an app record from the first releases (one web container) reads as a one-service release", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-state-"));
  process.env.SLIPWAY_STATE = dir;
  try {
    const old = {
      number: 4,
      sha: "abc",
      image: "slipway/shop:4",
      containerId: "c1",
      containerName: "slipway-shop-web-4",
      port: 8080,
      hostPort: 20123,
      deployedAt: "2026-01-01T00:00:00Z",
    };
    fs.mkdirSync(path.join(dir, "apps", "shop"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "apps", "shop", "app.json"),
      JSON.stringify({ name: "shop", createdAt: "x", lastRelease: 4, current: old }),
    );
    const { loadApp } = await import("../../../src/state/app-state.js");
    const record = loadApp("shop")!;
    assert.deepEqual(record.current!.services.web.containers, [
      { id: "c1", name: "slipway-shop-web-4", hostPort: 20123 },
    ]);
    assert.equal(record.current!.services.web.port, 8080);
    assert.deepEqual(record.current!.images, { ".": "slipway/shop:4" });
    assert.deepEqual(record.routes, { release: 4, services: { web: [20123] }, defaultService: "web" });
  } finally {
    delete process.env.SLIPWAY_STATE;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
