import { paths } from "../../state/paths.js";
import { registryTlsFiles } from "./registry-tls.js";
import { htpasswdFile } from "./registry-credentials.js";

export const registryConfigFile = () => paths.clusterFile("registry.yml");
export const registryDataDir = () => paths.clusterFile("registry-data");

/** docker-registry's config: TLS from the cluster CA, one htpasswd user, deletes allowed (for retention). */
export function renderRegistryConfig(port: number): string {
  const tls = registryTlsFiles();
  return [
    "# Written by slipway cluster:init; it rewrites this file.",
    "version: 0.1",
    "log:",
    "  fields:",
    "    service: slipway-registry",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${JSON.stringify(registryDataDir())}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: ":${port}"`,
    "  tls:",
    `    certificate: ${JSON.stringify(tls.cert)}`,
    `    key: ${JSON.stringify(tls.key)}`,
    "auth:",
    "  htpasswd:",
    "    realm: slipway-registry",
    `    path: ${JSON.stringify(htpasswdFile())}`,
    "",
  ].join("\n");
}
