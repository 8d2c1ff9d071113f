import fs from "node:fs";
import path from "node:path";

/** Protocol of a socket something on the host holds: "tcp" listening, or "udp" bound. */
export type HostPortUse = "tcp" | "udp";

const PROC_NET: [string, HostPortUse][] = [
  ["tcp", "tcp"],
  ["tcp6", "tcp"],
  ["udp", "udp"],
  ["udp6", "udp"],
];
/** /proc/net/tcp's state column: 0A is LISTEN; an unconnected UDP socket shows 07 (CLOSE). */
const HELD_STATE: Record<HostPortUse, string> = { tcp: "0A", udp: "07" };

/** Ports held on the host right now (this network namespace), read from /proc/net. */
export function heldHostPorts(procNet = "/proc/net"): Map<number, HostPortUse> {
  const held = new Map<number, HostPortUse>();
  for (const [file, proto] of PROC_NET) {
    const text = readOptional(path.join(procNet, file));
    for (const port of parseProcNet(text ?? "", proto)) if (!held.has(port)) held.set(port, proto);
  }
  return held;
}

/** Local ports of the sockets in one /proc/net/{tcp,udp}[6] table that are listening (tcp) or bound (udp). */
export function parseProcNet(text: string, proto: HostPortUse): number[] {
  return text
    .split("\n")
    .slice(1)
    .flatMap((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      const port = local ? parseInt(local.slice(local.lastIndexOf(":") + 1), 16) : NaN;
      return state === HELD_STATE[proto] && port > 0 ? [port] : [];
    });
}

/** Ports sshd is configured to listen on: `Port` and `ListenAddress host:port` lines, else 22. */
export function sshdPorts(configDir = "/etc/ssh"): number[] {
  const included = readDir(path.join(configDir, "sshd_config.d"))
    .filter((f) => f.endsWith(".conf"))
    .sort();
  const files = [
    path.join(configDir, "sshd_config"),
    ...included.map((f) => path.join(configDir, "sshd_config.d", f)),
  ];
  return parseSshdPorts(files.map((f) => readOptional(f) ?? "").join("\n"));
}

export function parseSshdPorts(config: string): number[] {
  const ports = new Set<number>();
  for (const line of config.split("\n")) {
    const [key, value = ""] = line.replace(/#.*/, "").trim().split(/\s+/);
    const listen = /^listenaddress$/i.test(key ?? "") ? (/:(\d+)$/.exec(value)?.[1] ?? "") : "";
    const port = /^port$/i.test(key ?? "") ? value : listen;
    if (/^\d{1,5}$/.test(port)) ports.add(Number(port));
  }
  return ports.size ? [...ports] : [22];
}

function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // no IPv6, or no sshd config: nothing held there
  }
}

function readDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
