import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { SlipwayError } from "../../../src/errors.js";
import { parseSshTarget, remoteCommand, sshArgv } from "../../../src/system/ssh-target.js";

test("a node is USER@HOST with a DNS name or an IPv4 address; anything else is a usage error", () => {
  assert.deepEqual(parseSshTarget("root@10.0.0.2"), {
    user: "root",
    host: "10.0.0.2",
    port: undefined,
    key: undefined,
  });
  assert.deepEqual(parseSshTarget("admin@node-1.example.com", { port: "2222", key: "/k" }), {
    user: "admin",
    host: "node-1.example.com",
    port: 2222,
    key: "/k",
  });
  for (const bad of [
    "10.0.0.2",
    "root@",
    "@host",
    "root@bad host",
    "root@-oProxyCommand=x",
    "root@a;b",
    "Root@x",
  ])
    assert.throws(
      () => parseSshTarget(bad),
      (err: SlipwayError) => err.code === "usage" && err.exitCode === 2,
      bad,
    );
  assert.throws(() => parseSshTarget("root@x", { port: "70000" }), /not a port number/);
});

test("sshArgv pins host keys in the cluster's known_hosts, never prompts, and bounds the connect", () => {
  const argv = sshArgv({ user: "root", host: "10.0.0.2", port: 2222, key: "/k" }, "/kh", ["docker", "info"]);
  assert.deepEqual(argv, [
    "ssh",
    "-i",
    "/k",
    "-o",
    "IdentitiesOnly=yes",
    "-p",
    "2222",
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=accept-new",
    "-o",
    "UserKnownHostsFile=/kh",
    "-o",
    "ConnectTimeout=10",
    "-o",
    "LogLevel=ERROR",
    "root@10.0.0.2",
    "--",
    "docker info",
  ]);
});

test("remoteCommand quotes each word so a POSIX shell splits it back into exactly those words", () => {
  const words = ["sh", "-c", 'echo "$1" it\'s', "sh", "a b", "$(rm -rf /)", "{{.Swarm.NodeID}}", ""];
  const out = execFileSync("sh", ["-c", `printf '%s\\n' ${remoteCommand(words)}`], { encoding: "utf8" });
  assert.deepEqual(out.split("\n").slice(0, -1), words);
});
