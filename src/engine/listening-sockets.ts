import fs from "node:fs";
import { docker } from "./docker.js";

/** A TCP socket in LISTEN state inside a container. */
export interface Listener {
  address: string;
  port: number;
  loopback: boolean;
}

const LISTEN = "0A";

/** The LISTEN rows of /proc/net/tcp or tcp6 (addresses are hex, 32-bit words in host byte order). */
export function parseListeners(table: string): Listener[] {
  return table
    .split("\n")
    .slice(1)
    .flatMap((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== LISTEN || !local?.includes(":")) return [];
      const [hex, port] = local.split(":");
      return [{ ...describeAddress(hex), port: parseInt(port, 16) }];
    });
}

function describeAddress(hex: string): { address: string; loopback: boolean } {
  if (hex.length === 8) {
    const address = (hex.match(/../g) ?? [])
      .reverse()
      .map((b) => parseInt(b, 16))
      .join(".");
    return { address, loopback: address.startsWith("127.") };
  }
  if (/^0{32}$/.test(hex)) return { address: "::", loopback: false };
  if (hex === "00000000000000000000000001000000") return { address: "::1", loopback: true };
  const mapped = /^0{16}FFFF0000([0-9A-F]{8})$/i.exec(hex);
  return mapped ? describeAddress(mapped[1]) : { address: "an IPv6 address", loopback: false };
}

/** Docker's embedded DNS listens here in every container on a user-defined network: it is not the app. */
const DOCKER_DNS = "127.0.0.11";

/**
 * Where the app listens when nobody can reach it there: on loopback only, or on another port than
 * the one checked. Undefined when something listens on the port for everyone, or on nothing yet.
 */
export function misplacedListener(all: Listener[], port: number): Listener | undefined {
  const listeners = all.filter((l) => l.address !== DOCKER_DNS);
  if (listeners.some((l) => l.port === port && !l.loopback)) return undefined;
  return (
    listeners.find((l) => l.loopback && l.port === port) ?? listeners.find((l) => !l.loopback) ?? listeners[0]
  );
}

/** The container's listening sockets, read from the host's /proc (its network namespace); [] if unknown. */
export async function containerListeners(containerId: string): Promise<Listener[]> {
  const info = await (
    await docker()
  )
    .getContainer(containerId)
    .inspect()
    .catch(() => undefined);
  const pid = info?.State.Pid;
  if (!pid) return [];
  const tables = ["tcp", "tcp6"].map((t) => readOr(`/proc/${pid}/net/${t}`));
  return tables.flatMap(parseListeners);
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return ""; // no IPv6, or no permission to look: then the gate simply waits for its deadline
  }
}
