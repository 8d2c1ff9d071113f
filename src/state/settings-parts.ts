import type { CertRecord } from "./routing-state.js";

/** The parts of the server-wide settings that group several knobs. */
export interface ContainerDefaults {
  /** Memory limit as a size (`512m`, `1g`), for services without `memory:`. */
  memory: string;
  /** Process limit (Docker's PidsLimit), for services without `pids:`: a fork bomb stays inside its container. */
  pids: number;
}

export interface BuilderSettings {
  /** Speaks the slugbuilder protocol: tree as tar on stdin, slug on stdout. Its presence turns buildpacks on. */
  buildpackImage: string;
  /** Runs a slug: `start TYPE` runs a Procfile type of the app at /app. */
  runnerImage: string;
  /** Base image of the generated Dockerfile, per detected platform. */
  detectImages: Record<"node" | "python" | "static" | "go", string>;
  /** Docker network (and bridge device) builds run on; configure-system.sh firewalls it off the host. */
  network: string;
  /**
   * argv of the helper that puts that firewall rule in place; each build runs it with `add BRIDGE`
   * first and is refused if it fails. Empty: not checked (test servers only).
   */
  firewall: string[];
}

/** slipwayd: the HTTP API and git over HTTP, on 127.0.0.1 only (put nginx with TLS in front to expose it). */
export interface DaemonSettings {
  port: number;
  /** The log file rotates when it reaches this size... */
  logMaxBytes: number;
  /** ...keeping this many rotated files... */
  logMaxFiles: number;
  /** ...and removing rotated files older than this. */
  logMaxAgeDays: number;
}

/** The name nginx serves slipwayd's /api/ and /git/ at, and its certificate (files in paths.apiTlsDir()/ID). */
export interface ApiEndpoint {
  domain: string;
  cert: CertRecord;
  /** Set when the certificate came from Let's Encrypt: renewed with this address, like an app's. */
  letsencrypt?: { email: string };
}

/** Where deployment networks get their subnets (`networks` in settings). */
export interface SubnetPool {
  /** The range deployment networks are carved from, e.g. "10.213.0.0/16" (settings `networks.pool`). */
  pool: string;
  /** Prefix length of each deployment's subnet, e.g. 26 (settings `networks.prefixLength`). */
  prefixLength: number;
}

/** `backups` in settings: slipwayd's schedule for `backups:run`, then `restic forget --prune` keeping these. */
export interface BackupSettings {
  /** A cron pattern or a croner nickname (@daily, @hourly, @weekly). */
  schedule: string;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
}
/** What slipwayd watches and how it sends alerts (docs/alerts.md). */
export interface AlertSettings {
  /** Seconds between rounds of checks: disk, certificates, backups, health paths. */
  checkSeconds: number;
  /** A condition that still holds is sent again after this many minutes, not sooner. */
  repeatMinutes: number;
  /** Alert when a watched filesystem is fuller than this percentage. */
  diskPercent: number;
  /** Filesystems to watch; empty means Docker's data root (/var/lib/docker) and the state dir. */
  diskPaths: string[];
  /** Alert when a certificate expires within this many days. */
  certDays: number;
  /** A service whose containers exit this many times within crashLoopMinutes is crash-looping. */
  crashLoopExits: number;
  crashLoopMinutes: number;
  /** Attempts per webhook delivery, waiting retryMs, then twice that, and so on between them. */
  attempts: number;
  retryMs: number;
}

export const defaultAlertSettings: AlertSettings = {
  checkSeconds: 30,
  repeatMinutes: 60,
  diskPercent: 85,
  diskPaths: [],
  certDays: 14,
  crashLoopExits: 3,
  crashLoopMinutes: 5,
  attempts: 4,
  retryMs: 2000,
};
