import { SlipwayError } from "../../errors.js";
import { say } from "../../output.js";
import { runProgram } from "../../system/run-program.js";
import { sshArgv } from "../../system/ssh-target.js";
import { docker } from "../docker.js";
import { forgetNode, knownHostsFile, readNodeRecords } from "./node-records.js";
import { findNode, hostname, liveTasksOn, type SwarmNode } from "./node-rows.js";
import { swarmSnapshot } from "./list-nodes.js";
import { engineMessage, swarmInfo } from "./swarm-manager.js";

/** A worker named on the command line; the manager cannot be drained or removed from under Slipway. */
async function workerNamed(word: string): Promise<SwarmNode> {
  const { nodes } = await swarmSnapshot();
  const node = findNode(nodes, word);
  if (node.ID === (await swarmInfo()).nodeId)
    throw new SlipwayError("manager-node", `${hostname(node)} is this server, the manager`, {
      hint: "drain or remove workers; to go back to one server, run cluster:leave",
    });
  return node;
}

/** Stop scheduling on the node; Swarm moves its tasks to the others. */
export async function drainNode(word: string): Promise<SwarmNode> {
  const node = await workerNamed(word);
  await setAvailability(node, "drain");
  return node;
}

/** Let the scheduler place tasks on the node again. */
export async function undrainNode(word: string): Promise<SwarmNode> {
  const node = await workerNamed(word);
  await setAvailability(node, "active");
  return node;
}

async function setAvailability(node: SwarmNode, availability: string): Promise<void> {
  const engine = await docker();
  const spec = {
    _query: { version: node.Version?.Index },
    _body: { ...node.Spec, Availability: availability },
  };
  await (engine.getNode(node.ID).update(spec as never) as unknown as Promise<void>).catch((err: Error) => {
    throw new SlipwayError(
      "node-update",
      `could not set ${hostname(node)} to ${availability}: ${engineMessage(err)}`,
      {
        hint: "run the command again; cluster:list shows the node's state",
      },
    );
  });
}

/** Wait, bounded, until no task is left on the node; the ones still there are named in the error. */
export async function waitUntilEmpty(node: SwarmNode, seconds: number): Promise<void> {
  for (let waited = 0; ; waited++) {
    const { tasks } = await swarmSnapshot();
    const left = liveTasksOn(tasks, node.ID);
    if (left.length === 0) return;
    if (waited >= seconds)
      throw new SlipwayError(
        "drain-timeout",
        `${left.length} task(s) are still on ${hostname(node)} after ${seconds} s`,
        {
          hint: "the other nodes may lack room, or a volume pins them: see cluster:list, then try again",
        },
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** cluster:remove: drain, wait for the tasks to move, tell the node to leave (over ssh), then remove it. */
export async function removeNode(word: string, seconds: number): Promise<string> {
  const node = await drainNode(word);
  say.step(`Drained ${hostname(node)}; waiting for its tasks to move`);
  await waitUntilEmpty(node, seconds);
  const target = readNodeRecords()[node.ID];
  if (target) {
    const res = await runProgram(sshArgv(target, knownHostsFile(), ["docker", "swarm", "leave"]));
    if (res.code !== 0) say.warn(`${hostname(node)} could not be told to leave: ${res.stderr.trim()}`);
  }
  // A node that left (or is gone) shows as down; removing one still up needs force, like `docker node rm -f`.
  await (
    await docker()
  )
    .getNode(node.ID)
    .remove({ force: true })
    .catch((err: Error) => {
      throw new SlipwayError("node-remove", `could not remove ${hostname(node)}: ${engineMessage(err)}`, {
        hint: "run cluster:remove again; it is safe to repeat",
      });
    });
  forgetNode(node.ID);
  return hostname(node);
}
