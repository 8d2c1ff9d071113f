import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCidr, planSubnet, planSubnetFromTop, poolCapacity } from "../../../src/engine/plan-subnet.js";
import { SlipwayError } from "../../../src/errors.js";

const pool = { pool: "10.213.0.0/16", prefixLength: 26 };

test("the first subnet of an empty pool is its start", () => {
  assert.equal(planSubnet(pool, []), "10.213.0.0/26");
});

test("subnets in use are skipped, and a gap between them is filled", () => {
  assert.equal(planSubnet(pool, ["10.213.0.0/26", "10.213.0.64/26"]), "10.213.0.128/26");
  assert.equal(planSubnet(pool, ["10.213.0.64/26", "10.213.0.0/26", "10.213.0.192/26"]), "10.213.0.128/26");
});

test("another user's network overlapping the pool is never overlapped, whatever its size", () => {
  assert.equal(planSubnet(pool, ["10.213.0.0/24"]), "10.213.1.0/26");
  assert.equal(planSubnet(pool, ["10.213.0.8/30"]), "10.213.0.64/26");
  assert.equal(planSubnet(pool, ["10.0.0.0/8"]), undefined);
});

test("networks outside the pool and IPv6 subnets do not matter", () => {
  assert.equal(planSubnet(pool, ["172.17.0.0/16", "192.168.32.0/20", "fd00::/64", ""]), "10.213.0.0/26");
});

test("a full pool plans nothing, and its capacity is what the error reports", () => {
  const small = { pool: "10.99.0.0/27", prefixLength: 29 };
  assert.equal(poolCapacity(small), 4);
  assert.equal(poolCapacity(pool), 1024);
  const used = ["10.99.0.0/29", "10.99.0.8/29", "10.99.0.16/29"];
  assert.equal(planSubnet(small, used), "10.99.0.24/29");
  assert.equal(planSubnet(small, [...used, "10.99.0.24/29"]), undefined);
});

test("a pool that cannot work is refused naming the settings key", () => {
  for (const bad of [
    { pool: "10.213.0.0", prefixLength: 26 },
    { pool: "10.213.0.0/16", prefixLength: 12 },
    { pool: "10.213.0.0/16", prefixLength: 31 },
  ]) {
    assert.throws(
      () => planSubnet(bad, []),
      (err: SlipwayError) => err.code === "settings" && /networks\./.test(err.message),
    );
  }
});

test("addresses are normalised to their block", () => {
  assert.deepEqual(parseCidr("10.213.0.5/26"), parseCidr("10.213.0.0/26"));
  assert.equal(parseCidr("300.1.1.1/8"), undefined);
});

test("overlays take the last free subnet of the pool, away from bridges allocated from the bottom", () => {
  const pool = { pool: "10.213.0.0/16", prefixLength: 26 };
  assert.equal(planSubnetFromTop(pool, []), "10.213.255.192/26");
  assert.equal(planSubnetFromTop(pool, ["10.213.255.192/26", "10.213.0.0/26"]), "10.213.255.128/26");
  assert.equal(planSubnetFromTop(pool, ["10.213.255.0/24"]), "10.213.254.192/26");
  assert.equal(planSubnetFromTop({ pool: "10.0.0.0/26", prefixLength: 26 }, ["10.0.0.0/24"]), undefined);
});
