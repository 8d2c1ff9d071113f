import readline from "node:readline";
import type { Readable } from "node:stream";
import type { Settings } from "../../state/settings.js";
import { docker } from "../docker.js";
import { appSwarmServices } from "./swarm-services.js";

type Follow = (stream: Readable, prefix: string) => void;

/**
 * `logs -f` for an app's Swarm services: each service's log, from every task on every node, as the
 * engine merges it; services a later deploy creates are followed from their creation. Returns the
 * streams, for the caller to close when the client goes.
 */
export async function followServiceLogs(
  settings: Settings,
  app: string,
  opts: { tail: number; service?: string },
  follow: Follow,
): Promise<Readable[]> {
  const engine = await docker();
  if (!((await engine.info()) as { Swarm?: { ControlAvailable?: boolean } }).Swarm?.ControlAvailable)
    return [];
  const streams: Readable[] = [];
  const followed = new Set<string>();
  const start = async (id: string, tail: number) => {
    if (followed.has(id)) return;
    followed.add(id);
    const info = await engine.getService(id).inspect();
    const labels = (info.Spec?.Labels ?? {}) as Record<string, string>;
    if (labels["slipway.app"] !== app || (opts.service && labels["slipway.service"] !== opts.service)) return;
    const logs = await engine
      .getService(id)
      .logs({ stdout: true, stderr: true, follow: true, tail } as never);
    streams.push(logs as unknown as Readable);
    follow(logs as unknown as Readable, `${labels["slipway.service"]}@swarm`);
  };
  const events = (await engine.getEvents({
    filters: { type: ["service"], event: ["create"] } as never,
  })) as Readable;
  streams.push(events);
  readline.createInterface({ input: events }).on("line", (line) => {
    const id = (JSON.parse(line) as { Actor?: { ID?: string } }).Actor?.ID;
    if (id) void start(id, 0).catch(() => undefined);
  });
  for (const s of await appSwarmServices(settings.labels, app))
    await start(s.ID, opts.tail).catch(() => undefined);
  return streams;
}
