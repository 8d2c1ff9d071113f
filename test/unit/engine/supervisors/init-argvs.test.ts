import assert from "node:assert/strict";
import { test } from "node:test";
import { helperArgv, initArgvs } from "../../../../src/engine/supervisors/inits.js";
import { defaultSettings } from "../../../../src/state/settings.js";

const HELPER = "/usr/local/lib/slipway/supervisor-job";
const unit = "slipway-myapp.web.3.1.service";

test("as the git user every init action is one call of the sudo helper, and nothing else", () => {
  assert.equal(defaultSettings.supervisorHelper, HELPER);
  const sudo = ["sudo", "-n", HELPER];
  assert.deepEqual(initArgvs(defaultSettings, "systemd", "start", unit, false), [
    [...sudo, "systemd", "start", unit],
  ]);
  assert.deepEqual(initArgvs(defaultSettings, "systemd", "stop", unit, false), [
    [...sudo, "systemd", "stop", unit],
  ]);
  assert.deepEqual(initArgvs(defaultSettings, "systemd", "forget", unit, false), [
    [...sudo, "systemd", "forget", unit],
  ]);
  assert.deepEqual(initArgvs(defaultSettings, "upstart", "reload", "", false), [
    [...sudo, "upstart", "reload"],
  ]);
  assert.deepEqual(helperArgv(defaultSettings, "systemd", "install", unit), [
    ...sudo,
    "systemd",
    "install",
    unit,
  ]);
  assert.deepEqual(helperArgv(defaultSettings, "upstart", "remove", "slipway-a.web.1.1.conf"), [
    ...sudo,
    "upstart",
    "remove",
    "slipway-a.web.1.1.conf",
  ]);
  // supervisorExec is for root only: the helper drives the host's own init.
  const exec = { ...defaultSettings, supervisorExec: ["nsenter", "-t", "1", "-a"] };
  assert.deepEqual(initArgvs(exec, "systemd", "reload", "", false), [[...sudo, "systemd", "reload"]]);
});

test("as root the init's own commands run, behind supervisorExec", () => {
  const exec = { ...defaultSettings, supervisorExec: ["docker", "exec", "init"] };
  assert.deepEqual(initArgvs(exec, "systemd", "start", unit, true), [
    ["docker", "exec", "init", "systemctl", "enable", "--quiet", unit],
    ["docker", "exec", "init", "systemctl", "start", unit],
  ]);
  assert.deepEqual(initArgvs(defaultSettings, "upstart", "stop", "slipway-a.web.1.1.conf", true), [
    ["initctl", "stop", "slipway-a.web.1.1"],
  ]);
  assert.deepEqual(initArgvs(defaultSettings, "upstart", "forget", "slipway-a.web.1.1.conf", true), []);
  assert.deepEqual(initArgvs({ ...defaultSettings, supervisorSudo: [] }, "systemd", "reload", "", false), [
    ["systemctl", "daemon-reload"],
  ]);
});
