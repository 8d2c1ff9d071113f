import path from "node:path";
import type { Settings } from "./settings.js";

/** Every path Slipway touches, in one place. Only the state root comes from the environment. */
export function stateRoot(): string {
  return process.env.SLIPWAY_STATE || "/var/lib/slipway";
}

export const paths = {
  settings: () => path.join(stateRoot(), "settings.json"),
  appsDir: () => path.join(stateRoot(), "apps"),
  appRecord: (app: string) => path.join(stateRoot(), "apps", app, "app.json"),
  appDir: (app: string) => path.join(stateRoot(), "apps", app),
  appConfig: (app: string) => path.join(stateRoot(), "apps", app, "config.json"),
  releasesDir: (app: string) => path.join(stateRoot(), "apps", app, "releases"),
  release: (app: string, n: number) => path.join(stateRoot(), "apps", app, "releases", `${n}.json`),
  journal: (app: string) => path.join(stateRoot(), "apps", app, "journal.json"),
  buildLayers: (app: string) => path.join(stateRoot(), "apps", app, "build-layers.json"),
  retireMark: (app: string, containerId: string) =>
    path.join(stateRoot(), "apps", app, "retiring", `${containerId}.json`),
  locksDir: () => path.join(stateRoot(), "locks"),
  lock: (name: string) => path.join(stateRoot(), "locks", `${name}.lock`),
  /** Template documents deployed with `deploy` or the API, by template hash; pending: checked, never yet live. */
  templatesDir: (app: string) => path.join(stateRoot(), "apps", app, "templates"),
  deploymentTemplate: (app: string, hash: string) =>
    path.join(stateRoot(), "apps", app, "templates", `${hash}.yml`),
  pendingTemplate: (app: string) => path.join(stateRoot(), "apps", app, "templates", "pending.yml"),
  /** Each push's build and deploy output, by release number, with a small index (push-output.ts). */
  pushOutputsDir: (app: string) => path.join(stateRoot(), "apps", app, "outputs"),
  /** previews:enable's settings, previews:config's values and each preview's branch (0600). */
  previews: (app: string) => path.join(stateRoot(), "apps", app, "previews.json"),
  appRouting: (app: string) => path.join(stateRoot(), "apps", app, "routing.json"),
  /** One subdirectory per installed certificate, so a new one never overwrites what nginx serves. */
  appTlsDir: (app: string) => path.join(stateRoot(), "apps", app, "tls"),
  /** Certificates of slipwayd's HTTPS endpoint (api:domain), one subdirectory each, as for apps. */
  apiTlsDir: () => path.join(stateRoot(), "api", "tls"),
  letsencryptDir: () => path.join(stateRoot(), "letsencrypt"),
  tmpDir: () => path.join(stateRoot(), "tmp"),
  tokens: () => path.join(stateRoot(), "tokens.json"),
  daemonPid: () => path.join(stateRoot(), "slipwayd.pid"),
  daemonLog: () => path.join(stateRoot(), "logs", "slipwayd.log"),
  /** Backups: the restic target, its password and credentials (0600), the last run's status. */
  backupsDir: () => path.join(stateRoot(), "backups"),
  backupTarget: () => path.join(stateRoot(), "backups", "target.json"),
  backupPassword: () => path.join(stateRoot(), "backups", "password"),
  backupEnv: () => path.join(stateRoot(), "backups", "env"),
  backupStatus: () => path.join(stateRoot(), "backups", "status.json"),
  backupCache: () => path.join(stateRoot(), "backups", "cache"),
  /** The swarm cluster: its record, the registry CA, TLS key pair, htpasswd and credentials (issue 16). */
  clusterDir: () => path.join(stateRoot(), "cluster"),
  clusterState: () => path.join(stateRoot(), "cluster", "cluster.json"),
  clusterFile: (name: string) => path.join(stateRoot(), "cluster", name),
  /** Webhook notifiers (their URLs are secrets: 0600). */
  notifiers: () => path.join(stateRoot(), "notifiers.json"),
  /** Events commands queue for slipwayd to deliver, one file each. */
  alertOutbox: () => path.join(stateRoot(), "alerts", "outbox"),
  /** What slipwayd last sent per condition, for the once-an-hour rule and recoveries. */
  alertMemory: () => path.join(stateRoot(), "alerts", "memory.json"),
};

/** An app's bare repository, under the reposDir setting (the git user's home). */
export function repoPath(settings: Settings, app: string): string {
  return path.join(settings.reposDir, `${app}.git`);
}
