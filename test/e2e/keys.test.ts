import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Harness, ROOT, run } from "../support/harness.js";

describe("keys: gitreceive upload-key, keys:list, keys:remove", () => {
  const h = new Harness();
  const authorized = () => fs.readFileSync(path.join(h.dir, "authorized_keys"), "utf8");
  const newKey = async (name: string) => {
    await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path.join(h.dir, name)]);
    return fs.readFileSync(path.join(h.dir, `${name}.pub`), "utf8");
  };
  const gitreceive = (args: string[], input: string) =>
    run([path.join(ROOT, "bin", "gitreceive"), ...args], { env: h.env, input });

  before(() => h.start());
  after(() => h.stop());

  it("uploads a key with a forced command and restrict, and prints its fingerprint", async () => {
    const pub = await newKey("alice");
    const res = await gitreceive(["upload-key", "alice"], pub);
    assert.equal(res.code, 0, res.stderr);
    const expected = (await run(["ssh-keygen", "-l", "-f", path.join(h.dir, "alice.pub")])).stdout.split(
      " ",
    )[1];
    assert.equal(res.stdout.trim(), expected);
    assert.match(
      res.stderr,
      /Added key alice: admin .*\n.*no --apps or --admin given: gitreceive keys are admin keys/,
    );
    const line = authorized()
      .split("\n")
      .find((l) => l.includes("slipway:alice"))!;
    assert.match(line, /^command="\S+ ssh-serve alice",restrict,pty ssh-ed25519 /);
    assert.equal(fs.statSync(path.join(h.dir, "authorized_keys")).mode & 0o777, 0o600);
    const ok = await h.ssh("apps:list", path.join(h.dir, "alice"));
    assert.equal(ok.code, 0, ok.stderr);
  });

  it("refuses a duplicate key or name, and malformed input, leaving the file unchanged", async () => {
    const before = authorized();
    const dupKey = await gitreceive(
      ["upload-key", "alice2"],
      fs.readFileSync(path.join(h.dir, "alice.pub"), "utf8"),
    );
    assert.equal(dupKey.code, 1);
    assert.match(dupKey.stderr, /already uploaded as alice/);
    const dupName = await h.slipway(["keys:add", "alice", "--admin"], await newKey("other"));
    assert.match(dupName.stderr, /a key named alice already exists/);
    const junk = await h.slipway(["keys:add", "bob", "--admin"], "ssh-ed25519 AAAAnot-really-a-key\n");
    assert.equal(junk.code, 1);
    assert.match(junk.stderr, /not an OpenSSH public key|ssh-keygen does not accept/);
    const truncated = await h.slipway(
      ["keys:add", "bob", "--admin"],
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA\n",
    );
    assert.match(truncated.stderr, /ssh-keygen does not accept this public key/);
    const badName = await h.slipway(["keys:add", "bob;rm", "--admin"], await newKey("bob"));
    assert.match(badName.stderr, /invalid key name/);
    assert.equal(authorized(), before);
  });

  it("makes keys:add choose a scope, writes it into the forced command, and lists it", async () => {
    const before = authorized();
    const pub = await newKey("dave");
    const none = await h.slipway(["keys:add", "dave"], pub);
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /say what it may do: --apps APP,\.\.\. for only those apps, or --admin for everything/,
    );
    const both = await h.slipway(["keys:add", "dave", "--admin", "--apps", "shop"], pub);
    assert.match(both.stderr, /give --admin or --apps, not both/);
    assert.equal(authorized(), before);
    const scoped = await gitreceive(["upload-key", "dave", "--apps", "shop,blog-*"], pub);
    assert.equal(scoped.code, 0, scoped.stderr);
    assert.match(
      authorized(),
      /command="\S+ ssh-serve dave --apps 'shop,blog-\*'",restrict,pty ssh-ed25519 /,
    );
    const list = JSON.parse((await h.slipway(["keys:list", "--json"])).stdout) as Array<{
      name: string;
      scope: string;
    }>;
    assert.deepEqual(
      list.filter((k) => ["alice", "dave"].includes(k.name)).map((k) => [k.name, k.scope]),
      [
        ["alice", "admin"],
        ["dave", "apps:shop,blog-*"],
      ],
    );
  });

  it("keeps every key when many are added at once", async () => {
    const names = Array.from({ length: 8 }, (_, i) => `many${i}`);
    const pubs = await Promise.all(names.map(newKey));
    const results = await Promise.all(names.map((n, i) => h.slipway(["keys:add", n, "--admin"], pubs[i])));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse((await h.slipway(["keys:list", "--json"])).stdout) as Array<{ name: string }>;
    for (const n of names)
      assert.ok(
        list.some((k) => k.name === n),
        n,
      );
  });

  it("removes a key so it can no longer connect", async () => {
    const res = await h.slipway(["keys:remove", "alice"]);
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(authorized(), /slipway:alice\n/);
    const denied = await h.ssh("apps:list", path.join(h.dir, "alice"));
    assert.equal(denied.code, 255);
    const again = await h.slipway(["keys:remove", "alice"]);
    assert.match(again.stderr, /no key named alice/);
  });

  it("keeps keys:* off the SSH interface", async () => {
    const res = await h.ssh("keys:list");
    assert.equal(res.code, 1);
    assert.match(res.stderr, /refused: "keys:list" is not a git push, clone or Slipway command/);
  });
});
