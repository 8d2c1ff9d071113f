import { test } from "node:test";
import assert from "node:assert/strict";
import { renderRegistryConfig } from "../../../../src/engine/cluster/registry-config.js";
import { renderRegistryUnit } from "../../../../src/engine/cluster/registry-process.js";

test("the registry serves TLS with the cluster certificate, one htpasswd user, and allows deletes", () => {
  process.env.SLIPWAY_STATE = "/var/lib/slipway";
  const yml = renderRegistryConfig(5443);
  assert.match(yml, /^ {2}addr: ":5443"$/m);
  assert.match(yml, /^ {4}certificate: "\/var\/lib\/slipway\/cluster\/registry\.crt"$/m);
  assert.match(yml, /^ {4}key: "\/var\/lib\/slipway\/cluster\/registry\.key"$/m);
  assert.match(
    yml,
    /^ {2}htpasswd:\n {4}realm: slipway-registry\n {4}path: "\/var\/lib\/slipway\/cluster\/registry\.htpasswd"$/m,
  );
  assert.match(yml, /^ {2}delete:\n {4}enabled: true$/m, "retention can delete manifests");
  assert.match(yml, /rootdirectory: "\/var\/lib\/slipway\/cluster\/registry-data"/);
});

test("under systemd the registry is a unit that always restarts", () => {
  const unit = renderRegistryUnit("/var/lib/slipway/cluster/registry.yml");
  assert.match(
    unit,
    /^ExecStart=\/usr\/bin\/docker-registry serve \/var\/lib\/slipway\/cluster\/registry\.yml$/m,
  );
  assert.match(unit, /^Restart=always$/m);
  assert.match(unit, /^WantedBy=multi-user\.target$/m);
});
