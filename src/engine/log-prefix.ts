/**
 * What `logs` prints before a container's lines: `web.1` for a service instance. One-offs have
 * none: `run` output is on its user's screen already, and cron runs are followed from their records.
 */
export function logPrefix(name: string, labels: Record<string, string>): string | undefined {
  if (labels["slipway.oneoff"]) return undefined;
  const service = labels["slipway.service"];
  const index = /\.(\d+)$/.exec(name)?.[1];
  return service && index ? `${service}.${index}` : undefined;
}
