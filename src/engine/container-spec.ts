export const DEFAULT_PORT = 5000;

/** The port a Dockerfile EXPOSEs (the lowest TCP one), or 5000 when it exposes none. */
export function exposedPort(exposed: Record<string, unknown> | undefined | null): number {
  const ports = Object.keys(exposed ?? {})
    .filter((k) => k.endsWith("/tcp"))
    .map((k) => Number(k.split("/")[0]))
    .filter((n) => Number.isInteger(n) && n > 0);
  return ports.length ? Math.min(...ports) : DEFAULT_PORT;
}

/** Pick a host port from the range that is not in use, starting at a random offset. */
export function pickHostPort(
  range: [number, number],
  used: ReadonlySet<number>,
  random = Math.random,
): number | undefined {
  const [lo, hi] = range;
  const size = hi - lo + 1;
  const start = Math.floor(random() * size);
  for (let i = 0; i < size; i++) {
    const port = lo + ((start + i) % size);
    if (!used.has(port)) return port;
  }
  return undefined;
}
