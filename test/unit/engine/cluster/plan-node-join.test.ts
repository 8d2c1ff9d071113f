import { test } from "node:test";
import assert from "node:assert/strict";
import { planNodeJoin, renderJoinSteps } from "../../../../src/engine/cluster/plan-node-join.js";
import { caArgv, serverRequestArgv, signArgv } from "../../../../src/engine/cluster/registry-tls.js";
import { firewallPorts } from "../../../../src/engine/cluster/firewall-ports.js";

const facts = {
  managerAddr: "10.0.0.1",
  registryAddress: "10.0.0.1:5443",
  caPem: "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n",
  password: "s3cret-password",
  token: "SWMTKN-1-abc",
};

test("cluster:add's steps install docker, trust the CA, log in, then join; the password travels on stdin only", () => {
  const steps = planNodeJoin(facts);
  assert.deepEqual(
    steps.map((s) => s.what),
    [
      "Installing docker.io (if missing)",
      "Checking that docker runs",
      "Trusting the registry's CA",
      "Logging in to the registry",
      "Joining the swarm",
      "Reading the node's id",
    ],
  );
  for (const s of steps)
    assert.ok(!s.words.join(" ").includes(facts.password), `${s.what} has no password in argv`);
  const login = steps[3];
  assert.deepEqual(login.words, [
    "docker",
    "login",
    "--username",
    "slipway",
    "--password-stdin",
    "10.0.0.1:5443",
  ]);
  assert.equal(login.input, "s3cret-password\n");
  assert.deepEqual(steps[2].words.slice(-1), ["/etc/docker/certs.d/10.0.0.1:5443/ca.crt"]);
  assert.equal(steps[2].input, facts.caPem);
  assert.deepEqual(steps[4].words.slice(-2), ["SWMTKN-1-abc", "10.0.0.1:2377"]);
});

test("join-command's text joins by hand, calls the token a secret, and never holds the password", () => {
  const text = renderJoinSteps(facts, "/var/lib/slipway/cluster/registry-credentials.json");
  assert.match(text, /SECRET/);
  assert.match(text, /^docker swarm join --token SWMTKN-1-abc 10\.0\.0\.1:2377$/m);
  assert.match(text, /^cat > \/etc\/docker\/certs\.d\/10\.0\.0\.1:5443\/ca\.crt <<'SLIPWAY_CA'\n-----BEGIN/m);
  assert.ok(!text.includes(facts.password));
});

test("openssl argv: an EC CA, and a registry certificate whose SAN is the address nodes dial", () => {
  assert.deepEqual(caArgv("/c/ca.key", "/c/ca.crt").slice(0, 3), ["openssl", "req", "-x509"]);
  assert.ok(caArgv("/c/ca.key", "/c/ca.crt").includes("basicConstraints=critical,CA:TRUE"));
  assert.ok(serverRequestArgv("/k", "/r", "10.0.0.1").includes("subjectAltName=IP:10.0.0.1"));
  assert.ok(serverRequestArgv("/k", "/r", "manager.example").includes("subjectAltName=DNS:manager.example"));
  assert.ok(signArgv("/r", "/ca.crt", "/ca.key", "/c").includes("copyall"));
});

test("the firewall list names the swarm ports and the registry's", () => {
  assert.deepEqual(
    firewallPorts(5443).map((l) => l.split(/\s+/)[0]),
    ["2377/tcp", "7946/tcp", "7946/udp", "4789/udp", "5443/tcp"],
  );
});
