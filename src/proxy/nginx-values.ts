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
