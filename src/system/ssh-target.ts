import { usageError } from "../errors.js";

/** Where cluster:add reaches a node: always a user and a host; the port and key are optional. */
export interface SshTarget {
  user: string;
  host: string;
  port?: number;
  key?: string;
}

const USER = /^[a-z_][a-z0-9_-]{0,31}$/;
// A DNS name or an IPv4 address; IPv6 literals are left out so `[`, `]` and `:` never reach ssh.
const LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`);

/** `root@HOST`: the one place a node address from the command line is checked. */
export function parseSshTarget(raw: string, opts: { port?: string; key?: string } = {}): SshTarget {
  const at = raw.indexOf("@");
  const user = at < 0 ? "" : raw.slice(0, at);
  const host = raw.slice(at + 1);
  if (!USER.test(user) || !HOST.test(host))
    throw usageError(`'${raw}' is not USER@HOST`, "name the node as root@HOST, e.g. root@10.0.0.2");
  return { user, host, port: opts.port === undefined ? undefined : parsePort(opts.port), key: opts.key };
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535)
    throw usageError(`--ssh-port ${raw} is not a port number`, "give a number from 1 to 65535");
  return port;
}

/** Words made only of these reach the remote shell unchanged without quotes. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** ssh joins its words into one string for the remote shell: quote each so it splits back into them. */
export function remoteCommand(words: string[]): string {
  return words.map((w) => (PLAIN.test(w) ? w : `'${w.replaceAll("'", `'"'"'`)}'`)).join(" ");
}

/**
 * The ssh argv that runs `words` on the target: root's ~/.ssh/config applies (jump hosts, keys), no
 * prompts, host keys pinned in `knownHosts` on first contact, and a bounded connect.
 */
export function sshArgv(target: SshTarget, knownHosts: string, words: string[]): string[] {
  return [
    "ssh",
    ...(target.key ? ["-i", target.key, "-o", "IdentitiesOnly=yes"] : []),
    ...(target.port ? ["-p", String(target.port)] : []),
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=accept-new",
    "-o",
    `UserKnownHostsFile=${knownHosts}`,
    "-o",
    "ConnectTimeout=10",
    "-o",
    "LogLevel=ERROR",
    `${target.user}@${target.host}`,
    "--",
    remoteCommand(words),
  ];
}
