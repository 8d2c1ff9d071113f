import path from "node:path";

/** Every path Slipway touches, in one place. Only the state root comes from the environment. */
export function stateRoot(): string {
  return process.env.SLIPWAY_STATE || "/var/lib/slipway";
}

export const paths = {
  settings: () => path.join(stateRoot(), "settings.json"),
  appsDir: () => path.join(stateRoot(), "apps"),
  appRecord: (app: string) => path.join(stateRoot(), "apps", app, "app.json"),
  appDir: (app: string) => path.join(stateRoot(), "apps", app),
  locksDir: () => path.join(stateRoot(), "locks"),
  lock: (name: string) => path.join(stateRoot(), "locks", `${name}.lock`),
  tmpDir: () => path.join(stateRoot(), "tmp"),
  tokens: () => path.join(stateRoot(), "tokens.json"),
  daemonPid: () => path.join(stateRoot(), "slipwayd.pid"),
  daemonLog: () => path.join(stateRoot(), "logs", "slipwayd.log"),
};
