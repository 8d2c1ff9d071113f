import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_PORT, exposedPort, pickHostPort } from "../../../src/engine/container-spec.js";

test("exposedPort picks the lowest TCP port and ignores UDP", () => {
  assert.equal(exposedPort({ "8080/tcp": {}, "3000/tcp": {}, "53/udp": {} }), 3000);
  assert.equal(exposedPort({ "53/udp": {} }), DEFAULT_PORT);
  assert.equal(exposedPort({}), 5000);
  assert.equal(exposedPort(undefined), 5000);
  assert.equal(exposedPort(null), 5000);
  assert.equal(exposedPort({ "abc/tcp": {}, "0/tcp": {}, "9000/tcp": {} }), 9000);
});

test("pickHostPort starts at the random offset and skips used ports, wrapping around", () => {
  assert.equal(
    pickHostPort([20000, 20009], new Set(), () => 0),
    20000,
  );
  assert.equal(
    pickHostPort([20000, 20009], new Set(), () => 0.5),
    20005,
  );
  assert.equal(
    pickHostPort([20000, 20009], new Set([20005, 20006]), () => 0.5),
    20007,
  );
  assert.equal(
    pickHostPort([20000, 20009], new Set([20008, 20009]), () => 0.85),
    20000,
  );
  assert.equal(
    pickHostPort([20000, 20000], new Set(), () => 0.99),
    20000,
  );
});

test("pickHostPort returns undefined when every port is used", () => {
  assert.equal(
    pickHostPort([20000, 20002], new Set([20000, 20001, 20002]), () => 0.3),
    undefined,
  );
});

test("pickHostPort stays in range with the real random source", () => {
  for (let i = 0; i < 50; i++) {
    const p = pickHostPort([20000, 20003], new Set([20001]))!;
    assert.ok(p >= 20000 && p <= 20003 && p !== 20001, String(p));
  }
});
