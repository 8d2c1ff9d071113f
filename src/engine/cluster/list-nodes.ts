import fs from "node:fs";
import { SlipwayError } from "../../errors.js";
import os from "node:os";
import { runProgram } from "../../system/run-program.js";
import { sshArgv } from "../../system/ssh-target.js";
import { docker } from "../docker.js";
import { knownHostsFile, readNodeRecords } from "./node-records.js";
import {
  nodeRows,
  parseNodeFree,
  type NodeFree,
  type SwarmNode,
  type SwarmService,
  type SwarmTask,
} from "./node-rows.js";
import { engineMessage, swarmInfo } from "./swarm-manager.js";

const FREE_SCRIPT = "awk '/^MemAvailable:/ {print $2}' /proc/meminfo; df -Pk /var/lib/docker | tail -n 1";

/** Nodes, tasks and services as the manager sees them now. */
export async function swarmSnapshot() {
  const engine = await docker();
  const [nodes, tasks, services] = await Promise.all([
    engine.listNodes() as Promise<SwarmNode[]>,
    engine.listTasks() as Promise<SwarmTask[]>,
    engine.listServices() as Promise<SwarmService[]>,
  ]).catch((err: Error) => {
    throw new SlipwayError("not-manager", `this engine is not a swarm manager: ${engineMessage(err)}`, {
      hint: "run 'slipway cluster:init' to make it one again (it keeps the registry and its CA)",
      cause: err,
    });
  });
  return { nodes, tasks, services };
}

/** cluster:list's rows: free memory and disk from this server directly and from added nodes over ssh. */
export async function listClusterRows() {
  const { nodes, tasks, services } = await swarmSnapshot();
  const self = (await swarmInfo()).nodeId;
  const records = readNodeRecords();
  const free: Record<string, NodeFree> = {};
  await Promise.all(
    nodes.map(async (n) => {
      if (n.ID === self) free[n.ID] = localFree();
      else if (records[n.ID] && n.Status?.State === "ready") free[n.ID] = await remoteFree(n.ID, records);
    }),
  );
  return nodeRows(nodes, tasks, services, free);
}

function localFree(): NodeFree {
  const dir = fs.existsSync("/var/lib/docker") ? "/var/lib/docker" : "/";
  const st = fs.statfsSync(dir);
  return { memory: os.freemem(), disk: st.bavail * st.bsize };
}

async function remoteFree(nodeId: string, records: ReturnType<typeof readNodeRecords>): Promise<NodeFree> {
  const res = await runProgram(sshArgv(records[nodeId], knownHostsFile(), ["sh", "-c", FREE_SCRIPT]));
  return res.code === 0 ? parseNodeFree(res.stdout) : {};
}
