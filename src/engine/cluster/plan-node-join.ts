import { caTrustPath } from "./registry-trust.js";
import { REGISTRY_USER } from "./registry-credentials.js";

/** One remote step of cluster:add: the words the node runs, and its stdin (where secrets travel). */
export interface NodeStep {
  what: string;
  words: string[];
  input?: string;
}

export interface JoinFacts {
  managerAddr: string;
  registryAddress: string;
  caPem: string;
  password: string;
  token: string;
}

// Static scripts: what varies reaches them as "$1", "$2", never spliced into the script text.
const INSTALL_DOCKER =
  "command -v dockerd >/dev/null || { apt-get update -qq && " +
  "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; }";
const WRITE_CA = 'mkdir -p "$(dirname "$1")" && cat > "$1.tmp" && mv "$1.tmp" "$1"';
const JOIN =
  '[ "$(docker info --format "{{.Swarm.LocalNodeState}}")" = active ] || docker swarm join --token "$1" "$2"';

/** The steps that make a Debian server a worker of this cluster; each is safe to run again. */
export function planNodeJoin(f: JoinFacts): NodeStep[] {
  return [
    { what: "Installing docker.io (if missing)", words: ["sh", "-c", INSTALL_DOCKER] },
    { what: "Checking that docker runs", words: ["docker", "info", "--format", "{{.ServerVersion}}"] },
    {
      what: "Trusting the registry's CA",
      words: ["sh", "-c", WRITE_CA, "sh", caTrustPath(f.registryAddress)],
      input: f.caPem,
    },
    {
      what: "Logging in to the registry",
      words: ["docker", "login", "--username", REGISTRY_USER, "--password-stdin", f.registryAddress],
      input: `${f.password}\n`,
    },
    { what: "Joining the swarm", words: ["sh", "-c", JOIN, "sh", f.token, `${f.managerAddr}:2377`] },
    { what: "Reading the node's id", words: ["docker", "info", "--format", "{{.Swarm.NodeID}}"] },
  ];
}

/** The same steps as a root shell session on the node, for cluster:join-command. */
export function renderJoinSteps(f: Omit<JoinFacts, "password">, credentialsFile: string): string {
  const ca = caTrustPath(f.registryAddress);
  return [
    "# On the new server, as root. The join token below is a SECRET: whoever has it can join this",
    "# cluster and run its apps' containers (with their config). Do not paste it anywhere shared.",
    "command -v dockerd >/dev/null || apt-get install -y docker.io",
    `mkdir -p ${ca.replace(/\/ca\.crt$/, "")}`,
    `cat > ${ca} <<'SLIPWAY_CA'`,
    f.caPem.trim(),
    "SLIPWAY_CA",
    "# Optional: the manager hands each service its registry login. To pull by hand, log in with the",
    `# "password" in ${credentialsFile} on the manager (root only):`,
    `#   docker login --username ${REGISTRY_USER} --password-stdin ${f.registryAddress}`,
    `docker swarm join --token ${f.token} ${f.managerAddr}:2377`,
    "",
  ].join("\n");
}
