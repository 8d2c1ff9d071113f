import http from "node:http";

export interface ReadyCheck {
  port: number;
  timeoutMs: number;
  /** Resolves false once the container has stopped, so a crash fails fast instead of timing out. */
  isAlive: () => Promise<boolean>;
}

export type ReadyResult = "ready" | "exited" | "timeout";

/**
 * Wait until something answers HTTP on 127.0.0.1:port. A bare TCP connect is not enough:
 * the engine's port proxy accepts connections before the app listens.
 */
export async function waitReady(check: ReadyCheck): Promise<ReadyResult> {
  const deadline = Date.now() + check.timeoutMs;
  let nextAliveCheck = 0;
  while (Date.now() < deadline) {
    if (await answersHttp(check.port, Math.min(1000, Math.max(50, deadline - Date.now())))) return "ready";
    if (Date.now() >= nextAliveCheck) {
      if (!(await check.isAlive())) return "exited";
      nextAliveCheck = Date.now() + 500;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return "timeout";
}

function answersHttp(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/", timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
  });
}
