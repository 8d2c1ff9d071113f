import fs from "node:fs";
import net from "node:net";
import { SlipwayError, usageError } from "../../errors.js";
import { say } from "../../output.js";
import { requireClusterState } from "../../state/cluster-state.js";
import { parseSshTarget } from "../../system/ssh-target.js";
import { addNode } from "../../engine/cluster/add-node.js";
import { drainNode, removeNode, undrainNode } from "../../engine/cluster/drain-node.js";
import { firewallPorts } from "../../engine/cluster/firewall-ports.js";
import { initCluster } from "../../engine/cluster/init-cluster.js";
import { leaveCluster } from "../../engine/cluster/leave-cluster.js";
import { listClusterRows } from "../../engine/cluster/list-nodes.js";
import { renderJoinSteps } from "../../engine/cluster/plan-node-join.js";
import { splitAddress } from "../../engine/cluster/registry-ready.js";
import { workerJoinToken } from "../../engine/cluster/swarm-manager.js";
import { arg, localCommand, type Command, type Flags } from "../command.js";

/**
 * The cluster commands change the host engine, apt and /etc/docker, and reach nodes with root's ssh
 * key: root only, as configure-system.sh.
 */
function requireRoot(name: string): void {
  if (process.getuid?.() === 0) return;
  throw new SlipwayError("root-only", `${name} must run as root`, { hint: `run 'sudo slipway ${name}'` });
}

function addressFlag(flags: Flags): string | undefined {
  const raw = flags["advertise-addr"];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !net.isIP(raw))
    throw usageError(
      `--advertise-addr ${raw} is not an IP address`,
      "give the address other servers reach this one at",
    );
  return raw;
}

function portFlag(flags: Flags): number | undefined {
  const raw = flags["registry-port"];
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || port < 1 || port > 65535)
    throw usageError(`--registry-port ${raw} is not a port number`, "give a number from 1 to 65535");
  return port;
}

function secondsFlag(flags: Flags, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || !/^\d+$/.test(raw))
    throw usageError(`--${name} must be a whole number of seconds, got ${raw}`);
  return Number(raw);
}

export const clusterCommands: Command[] = [
  localCommand({
    usage: "cluster:init [--advertise-addr IP] [--registry-port N]",
    summary: "make this server a swarm manager with a TLS image registry (root; safe to run again)",
    args: [],
    flags: { "advertise-addr": { type: "string" }, "registry-port": { type: "string" } },
    async run({ flags }) {
      requireRoot("cluster:init");
      const cluster = await initCluster({ advertiseAddr: addressFlag(flags), registryPort: portFlag(flags) });
      say.step("Open these ports between the servers of the cluster (and nowhere else):");
      say.info(firewallPorts(splitAddress(cluster.registry.address)[1]).join("\n"));
      say.step("Add a server with 'slipway cluster:add root@HOST', or see 'slipway cluster:join-command'");
    },
  }),
  localCommand({
    usage: "cluster:add USER@HOST [--ssh-key FILE] [--ssh-port N]",
    summary: "over ssh: install docker.io, trust the registry, join the swarm as a worker (root)",
    args: [arg("USER@HOST")],
    flags: { "ssh-key": { type: "string" }, "ssh-port": { type: "string" } },
    async run({ args: [where], flags }) {
      requireRoot("cluster:add");
      const key = flags["ssh-key"] as string | undefined;
      const target = parseSshTarget(where, { port: flags["ssh-port"] as string | undefined, key });
      const nodeId = await addNode(requireClusterState(), target);
      say.step(`${target.host} joined the cluster as worker ${nodeId.slice(0, 12)}`);
    },
  }),
  localCommand({
    usage: "cluster:join-command",
    summary: "print the steps that join a server by hand (includes the secret join token)",
    args: [],
    async run() {
      requireRoot("cluster:join-command");
      const cluster = requireClusterState();
      const facts = {
        managerAddr: cluster.managerAddr,
        registryAddress: cluster.registry.address,
        caPem: fs.readFileSync(cluster.registry.caFile, "utf8"),
        token: await workerJoinToken(),
      };
      process.stdout.write(renderJoinSteps(facts, cluster.registry.credentialsFile));
    },
  }),
  localCommand({
    usage: "cluster:list [--json]",
    summary: "the cluster's nodes: state, availability, tasks on each, memory and disk free",
    args: [],
    table: ["node", "role", "state", "availability", "address", "tasks", "memory_free", "disk_free"],
    async run() {
      requireRoot("cluster:list");
      requireClusterState();
      return listClusterRows();
    },
  }),
  localCommand({
    usage: "cluster:drain NODE",
    summary: "stop placing tasks on NODE; Swarm moves its tasks to the other nodes",
    args: [arg("NODE")],
    async run({ args: [word] }) {
      requireRoot("cluster:drain");
      requireClusterState();
      const node = await drainNode(word);
      say.step(`${node.Description?.Hostname ?? word} is drained: its tasks move to the other nodes`);
    },
  }),
  localCommand({
    usage: "cluster:undrain NODE",
    summary: "let Swarm place tasks on a drained NODE again",
    args: [arg("NODE")],
    async run({ args: [word] }) {
      requireRoot("cluster:undrain");
      requireClusterState();
      const node = await undrainNode(word);
      say.step(`${node.Description?.Hostname ?? word} takes tasks again`);
    },
  }),
  localCommand({
    usage: "cluster:remove NODE [--wait SECONDS]",
    summary: "drain NODE, wait for its tasks to move, then take it out of the cluster",
    args: [arg("NODE")],
    flags: { wait: { type: "string" } },
    async run({ args: [word], flags }) {
      requireRoot("cluster:remove");
      requireClusterState();
      const name = await removeNode(word, secondsFlag(flags, "wait", 120));
      say.step(`${name} is out of the cluster`);
    },
  }),
  localCommand({
    usage: "cluster:leave [--force]",
    summary: "go back to one server: stop the registry and leave the swarm (root)",
    args: [],
    flags: { force: { type: "boolean" } },
    async run({ flags }) {
      requireRoot("cluster:leave");
      await leaveCluster(flags.force === true);
    },
  }),
];
