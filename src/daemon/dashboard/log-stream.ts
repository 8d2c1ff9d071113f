import type { ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { logSources } from "../../engine/log-sources.js";
import { SlipwayError } from "../../errors.js";
import type { AppRecord } from "../../state/app-state.js";
import { copyContainerLogs } from "../engine-logs.js";
import { holdFollow } from "../follow-limit.js";
import { prefixLines } from "../prefix-lines.js";
import { SECURITY_HEADERS } from "./send-page.js";

/** Past lines each container starts with; the rest arrive as they are printed. */
const TAIL_LINES = 50;

/** Each whole line written becomes one server-sent event. */
export function sseLines(res: ServerResponse): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const lines = chunk.toString("utf8").replace(/\n$/, "").split("\n");
      res.write(lines.map((l) => `data: ${l.replace(/\r/g, "")}\n\n`).join(""), () => done());
    },
  });
}

/** Follow the live release's containers (one service, or all) as text/event-stream until the page goes. */
export async function streamLogs(res: ServerResponse, app: AppRecord, caller: string, service?: string) {
  const sources = app.current ? logSources(app.current, service) : [];
  if (!sources.length)
    throw new SlipwayError("not-deployed", `${app.name} has no running ${service ?? "service"}`, {
      hint: "push to it first, or pick another service",
    });
  const release = holdFollow(caller);
  const stop = new AbortController();
  res.once("close", () => (stop.abort(), release()));
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": "text/event-stream",
    "cache-control": "no-store",
  });
  res.write(": following\n\n");
  const out = sseLines(res);
  const width = Math.max(...sources.map((x) => x.prefix.length));
  await Promise.all(
    sources.map((x) => {
      const lines = prefixLines(out, x.prefix.padEnd(width));
      const opts = { follow: true, tail: TAIL_LINES, signal: stop.signal, onStart: () => {} };
      return copyContainerLogs(x.containerId, lines, opts).catch(() => {}); // one gone container ends its part only
    }),
  );
  res.end();
}
