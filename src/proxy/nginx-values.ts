/** Guards for values that are spliced into nginx text; each throws rather than quote. */

const SAFE_PATH = /^\/[A-Za-z0-9._/@+-]*$/;
const SERVICE = /^[a-z][a-z0-9-]{0,62}$/;

/** Absolute paths made only of characters nginx reads as one plain token. */
export function nginxPath(p: string): string {
  if (!SAFE_PATH.test(p) || p.split("/").includes(".."))
    throw new RangeError(`path not safe for nginx config: ${JSON.stringify(p)}`);
  return p;
}

/** Service names as slipway.yml names them: they become part of an upstream name. */
export function isServiceName(name: string): boolean {
  return SERVICE.test(name);
}

export function serviceName(name: string): string {
  if (!isServiceName(name)) throw new RangeError(`not a service name: ${JSON.stringify(name)}`);
  return name;
}

export function checkInt(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a release number: ${n}`);
  return n;
}

export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`not a TCP port: ${port}`);
  return port;
}

/** A container's 127.0.0.1 port, or a Swarm task's IPV4:PORT on its node. */
export type Upstream = number | string;

const IPV4_PORT = /^(\d{1,3}\.){3}\d{1,3}:(\d{1,5})$/;

/** An upstream server as nginx reads it; anything but a port or IPV4:PORT is refused. */
export function checkUpstream(up: Upstream): string {
  if (typeof up === "number") return `127.0.0.1:${checkPort(up)}`;
  const m = IPV4_PORT.exec(up);
  if (!m) throw new RangeError(`not an upstream address: ${JSON.stringify(up)}`);
  checkPort(Number(m[2]));
  return up;
}
