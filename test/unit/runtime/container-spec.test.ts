import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_PORT, exposedPort, pickHostPort, planWebContainer } from "../../../src/runtime/container-spec.js";

test("planWebContainer builds the exact create request", () => {
  const spec = planWebContainer({ namePrefix: "slipway", app: "myapp", release: 3, image: "slipway/myapp:3", sha: "abc123", port: 8080, hostPort: 20005, labels: { team: "x", "slipway.app": "spoofed" } });
  assert.deepEqual(spec, {
    name: "slipway-myapp-web-3",
    Image: "slipway/myapp:3",
    Env: ["PORT=8080", "SLIPWAY_APP=myapp", "SLIPWAY_RELEASE=3", "GIT_REV=abc123"],
    ExposedPorts: { "8080/tcp": {} },
    Labels: { team: "x", "slipway.app": "myapp", "slipway.release": "3", "slipway.process": "web" },
    HostConfig: {
      PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "20005" }] },
      RestartPolicy: { Name: "unless-stopped" },
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } },
    },
  });
});

test("exposedPort picks the lowest TCP port and ignores UDP", () => {
  assert.equal(exposedPort({ "8080/tcp": {}, "3000/tcp": {}, "53/udp": {} }), 3000);
  assert.equal(exposedPort({ "53/udp": {} }), DEFAULT_PORT);
  assert.equal(exposedPort({}), 5000);
  assert.equal(exposedPort(undefined), 5000);
  assert.equal(exposedPort(null), 5000);
  assert.equal(exposedPort({ "abc/tcp": {}, "0/tcp": {}, "9000/tcp": {} }), 9000);
});

test("pickHostPort starts at the random offset and skips used ports, wrapping around", () => {
  assert.equal(pickHostPort([20000, 20009], new Set(), () => 0), 20000);
  assert.equal(pickHostPort([20000, 20009], new Set(), () => 0.5), 20005);
  assert.equal(pickHostPort([20000, 20009], new Set([20005, 20006]), () => 0.5), 20007);
  assert.equal(pickHostPort([20000, 20009], new Set([20008, 20009]), () => 0.85), 20000);
  assert.equal(pickHostPort([20000, 20000], new Set(), () => 0.99), 20000);
});

test("pickHostPort returns undefined when every port is used", () => {
  assert.equal(pickHostPort([20000, 20002], new Set([20000, 20001, 20002]), () => 0.3), undefined);
});

test("pickHostPort stays in range with the real random source", () => {
  for (let i = 0; i < 50; i++) {
    const p = pickHostPort([20000, 20003], new Set([20001]))!;
    assert.ok(p >= 20000 && p <= 20003 && p !== 20001, String(p));
  }
});
