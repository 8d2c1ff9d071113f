import fs from "node:fs";
import { say } from "../../output.js";
import { readText, writeFileAtomic } from "../../state/atomic-write.js";
import { readClusterState, writeClusterState, type ClusterState } from "../../state/cluster-state.js";
import { paths, stateRoot } from "../../state/paths.js";
import { installPackages } from "../../system/install-packages.js";
import { splitAddress, waitForRegistry } from "./registry-ready.js";
import { registryConfigFile, registryDataDir, renderRegistryConfig } from "./registry-config.js";
import { credentialsFile, ensureRegistryCredentials } from "./registry-credentials.js";
import { startRegistry } from "./registry-process.js";
import { ensureRegistryTls, registryTlsFiles } from "./registry-tls.js";
import { trustRegistryCa } from "./registry-trust.js";
import { ensureSwarmManager } from "./swarm-manager.js";

export const DEFAULT_REGISTRY_PORT = 5443;

/** cluster:init, step by step; each step keeps what an earlier run made, so running it again is harmless. */
export async function initCluster(opts: {
  advertiseAddr?: string;
  registryPort?: number;
}): Promise<ClusterState> {
  const before = readClusterState();
  const installed = await installPackages(["docker-registry", "apache2-utils"]);
  if (installed.length) say.step(`Installed ${installed.join(", ")}`);
  const managerAddr = await ensureSwarmManager(opts.advertiseAddr);
  say.step(`This server is the swarm manager, advertising ${managerAddr}`);
  const port =
    opts.registryPort ?? (before ? splitAddress(before.registry.address)[1] : DEFAULT_REGISTRY_PORT);
  const address = `${managerAddr}:${port}`;
  await ensureRegistryTls(managerAddr);
  await ensureRegistryCredentials();
  fs.mkdirSync(registryDataDir(), { recursive: true, mode: 0o700 });
  const config = renderRegistryConfig(port);
  const changed = readText(registryConfigFile()) !== config;
  if (changed) writeFileAtomic(registryConfigFile(), config, 0o600);
  await startRegistry(changed);
  const caFile = registryTlsFiles().caCert;
  trustRegistryCa(address, caFile);
  await waitForRegistry(address, caFile, paths.clusterFile("registry.log"));
  say.step(`Image registry at https://${address} (TLS from the cluster's own CA, one user, password 0600)`);
  const state: ClusterState = {
    version: 1,
    managerAddr,
    registry: { address, caFile, credentialsFile: credentialsFile() },
  };
  writeClusterState(state);
  giveToStateOwner([state.registry.credentialsFile, caFile, paths.clusterState()]);
  return state;
}

/**
 * Pushes run as the git user, who owns the state: it reads these files. The directory stays root's
 * (0711), so the git user cannot swap the config or keys of the registry root runs.
 */
function giveToStateOwner(files: string[]): void {
  const { uid, gid } = fs.statSync(stateRoot());
  fs.chmodSync(paths.clusterDir(), 0o711);
  for (const f of files) fs.chownSync(f, uid, gid);
}
