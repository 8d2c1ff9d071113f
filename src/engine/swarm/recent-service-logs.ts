import type { Settings } from "../../state/settings.js";
import { docker } from "../docker.js";
import { timedLines, type LogLine } from "../stream-logs.js";
import { appSwarmServices } from "./swarm-services.js";

/**
 * `logs` without -f for an app's Swarm services: the last `tail` lines of each service, from
 * every task on every node as the engine merges them, with their times for ordering.
 */
export async function recentServiceLines(
  settings: Settings,
  app: string,
  opts: { tail: number; service?: string },
): Promise<LogLine[]> {
  const engine = await docker();
  const services = (await appSwarmServices(settings.labels, app)).filter(
    (s) => !opts.service || s.Spec?.Labels?.["slipway.service"] === opts.service,
  );
  const each = await Promise.all(
    services.map(async (s) => {
      const prefix = `${s.Spec?.Labels?.["slipway.service"] ?? s.Spec?.Name}@swarm`;
      const read = engine
        .getService(s.ID)
        .logs({ stdout: true, stderr: true, follow: false, tail: opts.tail, timestamps: true } as never);
      const buf = await (read as unknown as Promise<Buffer>).catch(() => Buffer.alloc(0));
      return timedLines(buf, prefix);
    }),
  );
  return each.flat();
}
