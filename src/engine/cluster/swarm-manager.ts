import { SlipwayError } from "../../errors.js";
import { docker } from "../docker.js";

/** The swarm state of the host engine, as `docker info` reports it. */
export interface SwarmInfo {
  state: string;
  manager: boolean;
  nodeAddr: string;
  nodeId: string;
}

export async function swarmInfo(): Promise<SwarmInfo> {
  const info = await (await docker()).info();
  const swarm = info.Swarm ?? {};
  return {
    state: swarm.LocalNodeState ?? "inactive",
    manager: Boolean(swarm.ControlAvailable),
    nodeAddr: swarm.NodeAddr ?? "",
    nodeId: swarm.NodeID ?? "",
  };
}

/**
 * Make the host engine a swarm manager, or keep the one it already is. Without an address Docker
 * picks the default route's; a different address than the live one is refused, not silently changed.
 */
export async function ensureSwarmManager(advertiseAddr: string | undefined): Promise<string> {
  const now = await swarmInfo();
  if (now.state === "active" && now.manager) {
    if (advertiseAddr && advertiseAddr !== now.nodeAddr)
      throw new SlipwayError(
        "swarm-addr",
        `this engine is already a swarm manager advertising ${now.nodeAddr}`,
        {
          hint: `leave out --advertise-addr, or run cluster:leave first to advertise ${advertiseAddr}`,
        },
      );
    return now.nodeAddr;
  }
  if (now.state !== "inactive")
    throw new SlipwayError("swarm-state", `this engine is in a swarm as a worker (state ${now.state})`, {
      hint: "run 'docker swarm leave' here first: the server that runs Slipway must be the manager",
    });
  const engine = await docker();
  await engine
    .swarmInit({ ListenAddr: "0.0.0.0:2377", ...(advertiseAddr ? { AdvertiseAddr: advertiseAddr } : {}) })
    .catch((err: Error) => {
      throw new SlipwayError("swarm-init", `docker swarm init failed: ${engineMessage(err)}`, {
        hint: "pass --advertise-addr with the address the other servers reach this one at",
        cause: err,
      });
    });
  return (await swarmInfo()).nodeAddr;
}

/** The token a worker joins with: a secret, since whoever has it can join and receive the apps' secrets. */
export async function workerJoinToken(): Promise<string> {
  const swarm = (await (await docker()).swarmInspect()) as { JoinTokens: { Worker: string } };
  return swarm.JoinTokens.Worker;
}

/** Docker's own message, without dockerode's "(HTTP code 503) unexpected - " prefix. */
export function engineMessage(err: Error): string {
  const json = (err as { json?: { message?: string } }).json;
  return (json?.message ?? err.message).trim();
}
