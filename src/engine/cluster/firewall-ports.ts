/** What the cluster needs open between its servers, and why; cluster:init prints it, docs/cluster.md too. */
export function firewallPorts(registryPort: number): string[] {
  return [
    "2377/tcp   swarm management (nodes to this manager)",
    "7946/tcp   node-to-node gossip",
    "7946/udp   node-to-node gossip",
    "4789/udp   overlay network traffic (VXLAN)",
    `${registryPort}/tcp   image registry (nodes pull from this manager)`,
  ];
}
