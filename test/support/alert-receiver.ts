import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  body: Record<string, any>;
}

/** A local webhook receiver: records every POST; `answer` picks the status per path. */
export class AlertReceiver {
  readonly received: Received[] = [];
  private server = http.createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8").on("data", (d) => (text += d));
    req.on("end", () => {
      try {
        this.received.push({ path: req.url ?? "", body: JSON.parse(text) });
      } catch {
        this.received.push({ path: req.url ?? "", body: { unparsed: text } });
      }
      res.writeHead(200).end("ok");
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return this;
  }

  url(urlPath: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${urlPath}`;
  }

  /** JSON-format alerts (not Slack's), in arrival order. */
  alerts(event?: string, state?: string): Record<string, any>[] {
    return this.received
      .map((r) => r.body)
      .filter((b) => b.event && (!event || b.event === event) && (!state || b.state === state));
  }

  /** Bounded: the first alert matching, or a timeout error naming what was received. */
  async waitFor(event: string, state = "firing", ms = 20_000, extra?: (b: Record<string, any>) => boolean) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const found = this.alerts(event, state).find((b) => !extra || extra(b));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seen = this.alerts().map((b) => `${b.event}/${b.state}: ${b.message}`);
    throw new Error(`no ${event} ${state} alert within ${ms} ms; received: ${seen.join(" | ")}`);
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
