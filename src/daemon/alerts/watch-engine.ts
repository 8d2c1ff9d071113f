import http from "node:http";

/** The fields of an engine event the watchers read. */
export interface EngineEvent {
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
}

export interface EngineWatch {
  /** Container events carrying every one of these labels (`key` or `key=value`). */
  labels: string[];
  onEvent: (e: EngineEvent) => void;
  /** The stream opened; afterLoss when it had closed or failed before: the engine came back. */
  onBack: (afterLoss: boolean) => void;
  onGone: (why: string) => void;
  retryMs?: number;
}

const ACTIONS = ["die", "kill", "oom"];

/**
 * Follow the engine's event stream on its unix socket (no Docker client in slipwayd: see engine-logs.ts).
 * When the stream ends the engine went away; it is reopened until it answers. Returns a stop function.
 */
export function watchEngine(w: EngineWatch): () => void {
  const socketPath = process.env.DOCKER_SOCKET || "/var/run/docker.sock";
  const filters = JSON.stringify({ type: ["container"], event: ACTIONS, label: w.labels });
  let req: http.ClientRequest | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let up = false;
  let lostOnce = false;
  const lost = (why: string) => {
    if (stopped) return;
    if (up || !lostOnce) w.onGone(why); // once per outage; the retries that follow are quiet
    up = false;
    lostOnce = true;
    timer = setTimeout(open, w.retryMs ?? 1000);
  };
  const open = () => {
    req = http.get({ socketPath, path: `/events?filters=${encodeURIComponent(filters)}` }, (res) => {
      if (res.statusCode !== 200) return (res.resume(), lost(`the engine answered ${res.statusCode}`));
      if (!up) w.onBack(lostOnce);
      up = true;
      let buffer = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) parse(line, w.onEvent);
      });
      res.once("close", () => lost("the engine's event stream closed"));
    });
    req.once("error", (err: NodeJS.ErrnoException) => lost(err.code ?? err.message));
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    req?.destroy();
  };
}

function parse(line: string, onEvent: (e: EngineEvent) => void): void {
  try {
    onEvent(JSON.parse(line) as EngineEvent);
  } catch {
    // a line that is not an event is skipped, not fatal
  }
}
