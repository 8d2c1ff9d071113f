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
  journal: (app: string) => path.join(stateRoot(), "apps", app, "journal.json"),
  buildLayers: (app: string) => path.join(stateRoot(), "apps", app, "build-layers.json"),
  retireMark: (app: string, containerId: string) => path.join(stateRoot(), "apps", app, "retiring", `${containerId}.json`),
  locksDir: () => path.join(stateRoot(), "locks"),
  lock: (name: string) => path.join(stateRoot(), "locks", `${name}.lock`),
  tmpDir: () => path.join(stateRoot(), "tmp"),
};
