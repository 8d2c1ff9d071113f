import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BASE_IMAGE, engine } from "../support/base-image.js";
import { Harness } from "../support/harness.js";
import { patchSettings } from "../support/settings-file.js";

/** More deployments than Docker's default address pools hold (about 31 bridge networks per engine). */
const MANY = 35;
const PARALLEL = 4;
const SMALL_POOL = { pool: "10.213.255.240/28", prefixLength: 29 };

describe("deployment networks from Slipway's address pool", () => {
  const h = new Harness();
  const template = (value: string) =>
    `services:\n  worker:\n    image: ${BASE_IMAGE}\n    cmd: ["sleep", "3600"]\n    env: {V: "${value}"}\n`;
  const deploy = (name: string, value = "1") => h.slipway(["deploy", "-", name], template(value));
  const network = (name: string) => engine.getNetwork(`slipway-test-${h.id}-${name}`).inspect();
  const subnet = async (name: string) => (await network(name)).IPAM?.Config?.[0]?.Subnet ?? "";

  before(async () => {
    await h.start();
    patchSettings(h, (s) => Object.assign(s, { settleSeconds: 0, networks: SMALL_POOL }));
  });
  after(() => h.stop());

  it("a full pool refuses the next deployment with an error naming the setting", async () => {
    for (const name of ["full-a", "full-b"]) assert.equal((await deploy(name)).code, 0);
    assert.deepEqual(
      [await subnet("full-a"), await subnet("full-b")],
      ["10.213.255.240/29", "10.213.255.248/29"],
    );
    const refused = await deploy("full-c");
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /no free \/29 subnet left in the network pool 10\.213\.255\.240\/28 \(room for 2/,
    );
    assert.match(refused.stderr, /widen networks\.pool/);
    assert.doesNotMatch(refused.stderr, /bug in Slipway/);
  });

  it(`the default pool takes ${MANY} more deployments, and older networks are kept`, async () => {
    patchSettings(h, (s) => delete s.networks);
    const before = await network("full-a");
    const names = Array.from({ length: MANY }, (_, i) => `many-${i}`);
    for (let i = 0; i < names.length; i += PARALLEL) {
      const results = await Promise.all(names.slice(i, i + PARALLEL).map((n) => deploy(n)));
      for (const r of results) assert.equal(r.code, 0, r.stderr);
    }
    const subnets = await Promise.all(names.map(subnet));
    assert.equal(new Set(subnets).size, MANY);
    for (const s of subnets) assert.match(s, /^10\.213\.\d+\.\d+\/26$/);
    assert.equal((await deploy("full-a", "2")).code, 0);
    assert.equal((await network("full-a")).Id, before.Id, "a redeploy keeps the deployment's network");
  });
});
