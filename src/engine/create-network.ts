import { SlipwayError } from "../errors.js";
import { withLock } from "../state/lock.js";
import { paths } from "../state/paths.js";
import type { Settings } from "../state/settings.js";
import { docker } from "./docker.js";
import { planSubnet, poolCapacity } from "./plan-subnet.js";

/**
 * Another installation on the same engine may win the race for a subnet; then we plan again, past
 * every subnet refused so far: the engine can hold a pool a moment before its network is listed.
 */
const ATTEMPTS = 8;

/**
 * Create a bridge network on a subnet from Slipway's own pool (settings `networks`), not Docker's
 * default pools, which hold only about 31 networks. Every network on the engine counts as used.
 */
export async function createNetwork(
  settings: Settings,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  const lockOpts = { timeoutMs: settings.lockTimeoutSeconds * 1000, holder: "another network allocation" };
  await withLock(paths.lock("networks"), lockOpts, async () => {
    const refused: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const subnet = planSubnet(settings.networks, [...(await usedSubnets()), ...refused]);
      if (!subnet) throw poolFull(settings);
      const err = await createOn(name, subnet, labels);
      if (!err) return;
      if (attempt === ATTEMPTS || !isOverlap(err)) throw err;
      refused.push(subnet);
    }
  });
}

/** Every IPv4 subnet of every network on the engine, ours or not: none may be overlapped. */
async function usedSubnets(): Promise<string[]> {
  const networks = await (await docker()).listNetworks();
  return networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? "")).filter(Boolean);
}

async function createOn(name: string, subnet: string, labels: Record<string, string>): Promise<unknown> {
  const engine = await docker();
  const IPAM = { Driver: "default", Config: [{ Subnet: subnet }] };
  const options = { Name: name, Driver: "bridge", Labels: labels, CheckDuplicate: true, IPAM };
  try {
    await engine.createNetwork(options);
    return undefined;
  } catch (err) {
    return (err as { statusCode?: number }).statusCode === 409 ? undefined : err; // a parallel deploy made it
  }
}

const isOverlap = (err: unknown) => /overlap/i.test(String((err as Error).message ?? err));

function poolFull(settings: Settings): SlipwayError {
  const { pool, prefixLength } = settings.networks;
  return new SlipwayError(
    "network-pool",
    `no free /${prefixLength} subnet left in the network pool ${pool} ` +
      `(room for ${poolCapacity(settings.networks)} deployment networks)`,
    {
      hint:
        "widen networks.pool (e.g. a /15) or raise networks.prefixLength in settings.json " +
        "(docs/settings.md), or remove deployments you no longer need with apps:destroy",
    },
  );
}
