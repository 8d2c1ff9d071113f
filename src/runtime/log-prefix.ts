/** What `logs` prints before a container's lines: `web.1` for a service instance, `cron:NAME` for a cron run. */
export function logPrefix(name: string, labels: Record<string, string>): string | undefined {
  const oneoff = labels["slipway.oneoff"];
  if (oneoff === "cron") return `cron:${labels["slipway.cron"] ?? "?"}`;
  if (oneoff) return undefined; // `run` and `enter` sessions are the user's own, already on their screen
  const service = labels["slipway.service"];
  const index = /\.(\d+)$/.exec(name)?.[1];
  return service && index ? `${service}.${index}` : undefined;
}
