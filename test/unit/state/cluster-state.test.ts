import { after, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SlipwayError } from "../../../src/errors.js";
import { readClusterState, writeClusterState, type ClusterState } from "../../../src/state/cluster-state.js";
import { registryAuth } from "../../../src/engine/cluster/registry-auth.js";

const made: string[] = [];

function tempState(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-cluster-"));
  process.env.SLIPWAY_STATE = dir;
  made.push(dir);
  return dir;
}

after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const sample = (dir: string): ClusterState => ({
  version: 1,
  managerAddr: "172.17.0.1",
  registry: {
    address: "172.17.0.1:5443",
    caFile: path.join(dir, "cluster", "ca.crt"),
    credentialsFile: path.join(dir, "cluster", "registry-credentials.json"),
  },
});

test("a single server has no cluster record; a written one reads back, 0600", () => {
  const dir = tempState();
  assert.equal(readClusterState(), undefined);
  writeClusterState(sample(dir));
  assert.deepEqual(readClusterState(), sample(dir));
  assert.equal(fs.statSync(path.join(dir, "cluster", "cluster.json")).mode & 0o777, 0o600);
});

test("a damaged cluster record is a SlipwayError naming the file", () => {
  const dir = tempState();
  fs.mkdirSync(path.join(dir, "cluster"));
  fs.writeFileSync(path.join(dir, "cluster", "cluster.json"), "{nope");
  assert.throws(
    readClusterState,
    (err: SlipwayError) => err.code === "cluster-state" && /cluster\.json/.test(err.hint!),
  );
});

test("registryAuth gives dockerode's authconfig from the credentials file", () => {
  const dir = tempState();
  const cluster = sample(dir);
  writeClusterState(cluster);
  assert.throws(
    () => registryAuth(),
    (err: SlipwayError) => err.code === "registry-credentials",
  );
  fs.writeFileSync(cluster.registry.credentialsFile, JSON.stringify({ username: "slipway", password: "pw" }));
  assert.deepEqual(registryAuth(), { username: "slipway", password: "pw", serveraddress: "172.17.0.1:5443" });
});
