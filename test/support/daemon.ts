import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ROOT, freePort, type Harness } from "./harness.js";

export const SLIPWAYD_BIN = path.join(ROOT, "bin", "slipwayd");

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** slipwayd from the built code, on a random loopback port, against a harness's state dir. */
export class Daemon {
  port = 0;
  child?: ChildProcess;
  output = "";

  constructor(readonly h: Harness) {
    h.beforeStop.push(() => this.stop()); // whatever order a test's after hooks run in
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** git's URL for an app, with the token as the Basic password. */
  gitUrl(app: string, token: string, user = "pusher"): string {
    return `http://${user}:${token}@127.0.0.1:${this.port}/git/${app}.git`;
  }

  /** extraEnv: what an admin would add to slipwayd's environment (NODE_EXTRA_CA_CERTS for a private ACME server). */
  async start(extraEnv: Record<string, string> = {}): Promise<this> {
    this.port = await freePort();
    const file = path.join(this.h.state, "settings.json");
    const settings = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(
      file,
      JSON.stringify({ ...settings, daemon: { ...settings.daemon, port: this.port } }, null, 2),
    );
    this.child = spawn(SLIPWAYD_BIN, [], {
      env: { ...this.h.env, ...extraEnv },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child.stderr!.setEncoding("utf8").on("data", (d: string) => (this.output += d));
    const deadline = Date.now() + 15_000;
    while (!this.output.includes("listening")) {
      if (Date.now() > deadline || this.child.exitCode !== null)
        throw new Error(`slipwayd did not start: ${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this;
  }

  /** One request, bounded in time; token undefined sends no Authorization header. */
  request(
    method: string,
    urlPath: string,
    token?: string,
    opts: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<ApiResponse> {
    const length = opts.body === undefined ? {} : { "content-length": String(Buffer.byteLength(opts.body)) };
    const headers = {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...length,
      ...opts.headers,
    };
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: this.port, method, path: urlPath, headers, timeout: 60_000, agent: false },
        (res) => {
          let body = "";
          res.setEncoding("utf8").on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.once("timeout", () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
      req.once("error", reject);
      req.end(opts.body);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return; // stopped already
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}
