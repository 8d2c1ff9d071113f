import fs from "node:fs";
import { SlipwayError } from "../../errors.js";
import { say } from "../../output.js";
import type { ClusterState } from "../../state/cluster-state.js";
import { runProgram } from "../../system/run-program.js";
import { sshArgv, type SshTarget } from "../../system/ssh-target.js";
import { knownHostsFile, recordNode } from "./node-records.js";
import { planNodeJoin } from "./plan-node-join.js";
import { registryAuth } from "./registry-auth.js";
import { workerJoinToken } from "./swarm-manager.js";

/** cluster:add: run the join steps on the node over ssh, stopping at the first that fails. */
export async function addNode(cluster: ClusterState, target: SshTarget): Promise<string> {
  if (target.key && !fs.existsSync(target.key))
    throw new SlipwayError("ssh-key", `the ssh key ${target.key} does not exist`, {
      hint: "pass --ssh-key with the private key root@HOST accepts",
    });
  const steps = planNodeJoin({
    managerAddr: cluster.managerAddr,
    registryAddress: cluster.registry.address,
    caPem: fs.readFileSync(cluster.registry.caFile, "utf8"),
    password: registryAuth(cluster).password,
    token: await workerJoinToken(),
  });
  let out = "";
  for (const step of steps) {
    say.step(`${target.host}: ${step.what}`);
    const res = await runProgram(sshArgv(target, knownHostsFile(), step.words), { input: step.input ?? "" });
    if (res.code !== 0) throw stepFailed(target, step.what, res.code, res.stderr);
    out = res.stdout;
  }
  const nodeId = out.trim();
  recordNode(nodeId, target);
  return nodeId;
}

function stepFailed(target: SshTarget, what: string, code: number, stderr: string): SlipwayError {
  const where = `${target.user}@${target.host}`;
  // ssh itself exits 255: the node was never reached, so nothing on it changed.
  if (code === 255 && /host key verification failed/i.test(stderr))
    return new SlipwayError("ssh-host-key", `${where} has another host key than when it was first reached`, {
      hint: `if it was reinstalled: ssh-keygen -R ${target.host} -f ${knownHostsFile()}, then try again`,
    });
  if (code === 255)
    return new SlipwayError("ssh", `could not reach ${where} over ssh: ${lastLine(stderr)}`, {
      hint: `check that 'ssh ${where}' works with a key (--ssh-key FILE) and that it is the right host`,
    });
  return new SlipwayError("node-step", `${where}: ${what.toLowerCase()} failed: ${lastLine(stderr)}`, {
    hint: "fix that on the node (cluster:join-command shows each step), then run cluster:add again",
  });
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) || "no message";
}
