import type { Readable } from "node:stream";
import readline from "node:readline";
import { PassThrough } from "node:stream";
import type { Settings } from "../state/settings.js";
import { onClientGone } from "../system/on-client-gone.js";
import { appLabelFilter } from "./containers.js";
import { docker } from "./docker.js";
import { logPrefix } from "./log-prefix.js";
import { watchCronRuns } from "./watch-cron-runs.js";
import { followServiceLogs } from "./swarm/follow-service-logs.js";

const WIDTH = 12;

interface FollowOptions {
  tail: number;
  service?: string;
}

/**
 * `logs -f`, as `heroku logs --tail`: the app's running containers, then every container of the
 * app that starts later (a deploy, restart or scale), found by the engine's start events, and
 * each cron run's output as it ends. It ends only when the client goes away.
 */
export async function followAppLogs(
  settings: Settings,
  app: string,
  opts: FollowOptions,
  out = process.stdout,
): Promise<void> {
  const engine = await docker();
  const streams: Readable[] = [];
  const followed = new Set<string>();
  const follow = async (id: string, since?: number) => {
    if (followed.has(id)) return;
    followed.add(id);
    const info = await engine
      .getContainer(id)
      .inspect()
      .catch(() => undefined);
    const prefix = info && logPrefix(info.Name.replace(/^\//, ""), info.Config.Labels ?? {});
    if (!prefix || (opts.service && info.Config.Labels["slipway.service"] !== opts.service)) return;
    const logOpts = since === undefined ? { tail: opts.tail } : { since };
    const logs = await engine.getContainer(id).logs({ stdout: true, stderr: true, follow: true, ...logOpts });
    const stream = logs as unknown as Readable;
    streams.push(stream);
    void printLines(stream, (line) => out.write(`${prefix.padEnd(WIDTH)} | ${line}\n`));
  };
  // Watch first, then list: a container starting in between is seen by one or the other (`followed` dedups).
  const filters = { type: ["container" as const], event: ["start"], label: appLabelFilter(settings, app) };
  const events = (await engine.getEvents({ filters })) as unknown as Readable;
  streams.push(events);
  readline.createInterface({ input: events }).on("line", (line) => {
    const event = JSON.parse(line) as { id?: string; time?: number };
    // A restarted container (ps:start) has the same id: follow it again, from its restart on.
    if (event.id) followed.delete(event.id);
    if (event.id) void follow(event.id, event.time).catch(() => undefined);
  });
  const running = await engine.listContainers({ filters: { label: appLabelFilter(settings, app) } });
  for (const c of running) await follow(c.Id).catch(() => undefined);
  const swarm = await followServiceLogs(settings, app, opts, (stream, prefix) => {
    void printLines(stream, (line) => out.write(`${prefix.padEnd(WIDTH)} | ${line}\n`));
  });
  streams.push(...swarm);
  const unwatchCron = watchCronRuns(app, (id, lines) => {
    for (const l of lines) out.write(`${`cron:${id}`.padEnd(WIDTH)} | ${l.text}\n`);
  });
  await new Promise<void>((resolve) => {
    const unwatch = onClientGone(() => {
      unwatch();
      resolve();
    });
  });
  unwatchCron();
  for (const s of streams) s.destroy();
}

async function printLines(stream: Readable, onLine: (l: string) => void): Promise<void> {
  const plain = new PassThrough();
  (await docker()).modem.demuxStream(stream, plain, plain);
  stream.once("end", () => plain.end());
  stream.once("close", () => plain.end());
  for await (const line of readline.createInterface({ input: plain })) onLine(line);
}
