import assert from "node:assert/strict";
import { test } from "node:test";
import { planAppBackup, planServerBackup } from "../../../src/backup/plan-backup.js";
import { retentionArgs } from "../../../src/backup/retention-args.js";
import { parseTargetUrl } from "../../../src/backup/target-url.js";
import type { Release, ServiceState } from "../../../src/state/app-state.js";
import { defaultSettings } from "../../../src/state/settings.js";
import type { ServiceTemplate } from "../../../src/template/template.js";

const settings = { ...defaultSettings, labels: { "slipway.test-run": "t1" } };
const svc = (name: string, extra: Partial<ServiceTemplate> = {}): ServiceTemplate => ({
  name,
  ports: [],
  env: {},
  volumes: {},
  publish: {},
  dependsOn: [],
  ...extra,
});
const state = (image: string, containers: string[]): ServiceState => ({
  specHash: "",
  imageId: "",
  image,
  envHash: "",
  port: 5000,
  publish: {},
  containers: containers.map((name) => ({ id: name, name })),
});
const release: Release = {
  number: 4,
  deployedAt: "2026-11-30T00:00:00Z",
  cause: "push",
  images: { ".": "slipway/shop:4" },
  config: { names: [], hash: "" },
  template: {
    source: "slipway.yml",
    cron: [],
    services: [
      svc("web"),
      svc("db", {
        image: "postgres:16",
        volumes: { pgdata: "/var/lib/postgresql/data" },
        backup: ["pg_dump", "app"],
      }),
      svc("files", { volumes: { uploads: "/u", cache: "/c" } }),
    ],
  },
  services: {
    web: state("slipway/shop:4", ["slipway-shop.web.4.1"]),
    db: state("postgres:16", ["slipway-shop.db.4.1"]),
    files: state("slipway/shop:4", ["slipway-shop.files.4.1", "slipway-shop.files.4.2"]),
  },
};
const input = { app: "shop", release, stateRoot: "/var/lib/slipway", reposDir: "/home/git", hasRepo: true };

test("an app's backup: state, repo, every image once, a dump where a backup cmd is set, else each volume paused", () => {
  const parts = planAppBackup(settings, input);
  assert.deepEqual(
    parts.map((p) => [p.kind, p.file]),
    [
      ["state", "shop/state.tar"],
      ["repo", "shop/repo.tar"],
      ["images", "shop/images.tar"],
      ["dump", "shop/dumps/db"],
      ["volume", "shop/volumes/cache.tar"],
      ["volume", "shop/volumes/uploads.tar"],
    ],
  );
  assert.deepEqual(parts[0].producer, ["tar", "-c", "-f", "-", "-C", "/var/lib/slipway", "apps/shop"]);
  assert.deepEqual(parts[2].producer, ["/usr/bin/docker", "save", "postgres:16", "slipway/shop:4"]);
  assert.deepEqual(parts[3].producer, ["/usr/bin/docker", "exec", "slipway-shop.db.4.1", "pg_dump", "app"]);
  assert.equal(parts[3].pause, undefined, "a dumped service keeps running");
  assert.deepEqual(parts[4].pause, ["slipway-shop.files.4.1", "slipway-shop.files.4.2"]);
  assert.deepEqual(parts[4].producer, [
    ...[
      "/usr/bin/docker",
      "run",
      "--rm",
      "--network",
      "none",
      "--user",
      "0",
      "--label",
      "slipway.test-run=t1",
    ],
    ...[
      "-v",
      "slipway-shop.cache:/data:ro",
      "--entrypoint",
      "tar",
      "slipway/shop:4",
      "-c",
      "-f",
      "-",
      "-C",
      "/data",
      ".",
    ],
  ]);
});

test("an app never pushed has no repository part", () => {
  assert.ok(!planAppBackup(settings, { ...input, hasRepo: false }).some((p) => p.kind === "repo"));
});

test("the server's backup leaves out the apps, locks, logs and the backup password", () => {
  const [stateTar] = planServerBackup(settings, "/var/lib/slipway");
  for (const skipped of ["./apps", "./locks", "./logs", "./backups", "./tmp"])
    assert.ok(stateTar.producer.includes(skipped));
  assert.deepEqual(planServerBackup(settings, "/s")[1].producer.slice(-3), [
    "-C",
    "/home/git/.ssh",
    "authorized_keys",
  ]);
});

test("retention keeps 7 daily, 4 weekly, 6 monthly per part of each app, then prunes", () => {
  assert.deepEqual(retentionArgs(defaultSettings.backups), [
    ...["forget", "--prune", "--group-by", "host,paths"],
    ...["--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "6"],
  ]);
});

test("a target is a local path, sftp:, s3: or rest:, checked before restic sees it", () => {
  assert.equal(parseTargetUrl("/srv/backups"), "local");
  assert.equal(parseTargetUrl("sftp:backup@nas.lan:/srv/slipway"), "sftp");
  assert.equal(parseTargetUrl("s3:s3.amazonaws.com/bucket/slipway"), "s3");
  assert.equal(parseTargetUrl("rest:https://user:pw@backup.example.org:8000/slipway"), "rest");
  for (const bad of [
    "backups",
    "--repo=/x",
    "/srv/my backups",
    "sftp:nas:/x",
    "s3:bucket",
    "rest:ftp://x",
    "b2:x",
  ]) {
    assert.throws(
      () => parseTargetUrl(bad),
      (err: Error) => /backups:target takes/.test(err.message) && !err.message.includes("pw@"),
      bad,
    );
  }
});
