import { paths } from "./paths.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";

/** Server-wide settings: written by configure-system.sh, read by every command. */
export interface Settings {
  /** Global domain: app "myapp" is served at myapp.<domain>. */
  domain: string;
  /** Where bare repos live (the git user's home). */
  reposDir: string;
  /** The git user's authorized_keys file. */
  authorizedKeys: string;
  /** The command the forced command runs; baked into every key line. */
  slipwayBin: string;
  nginx: {
    /** Directory nginx includes; one vhost file per app. */
    vhostDir: string;
    /** The nginx binary; used for `nginx -t` on candidate configs. */
    binary: string;
    /** Port the vhosts listen on. */
    listen: number;
    /** argv that reloads the running nginx. */
    reload: string[];
  };
  /** Host ports handed to app containers, published on 127.0.0.1 only. */
  portRange: [number, number];
  /** Seconds a new container has to answer before the deploy is abandoned. */
  startTimeoutSeconds: number;
  /** Seconds a push waits for another deploy of the same app. */
  lockTimeoutSeconds: number;
  /** Container names are PREFIX-APP-web-N and images PREFIX/APP:N; separate installations sharing an engine need separate prefixes. */
  namePrefix: string;
  /** Extra labels on every container and image (tests use it to find their own). */
  labels: Record<string, string>;
  /** Images kept per app for later rollback; older ones are removed after a deploy. */
  keepReleases: number;
  daemon: DaemonSettings;
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

export const defaultSettings: Settings = {
  domain: "localhost",
  reposDir: "/home/git",
  authorizedKeys: "/home/git/.ssh/authorized_keys",
  slipwayBin: "/usr/local/bin/slipway",
  nginx: {
    vhostDir: "/etc/nginx/slipway",
    binary: "/usr/sbin/nginx",
    listen: 80,
    reload: ["sudo", "-n", "/usr/sbin/nginx", "-s", "reload"],
  },
  portRange: [20000, 29999],
  startTimeoutSeconds: 60,
  lockTimeoutSeconds: 600,
  namePrefix: "slipway",
  labels: {},
  keepReleases: 5,
  daemon: { port: 7701, logMaxBytes: 10 << 20, logMaxFiles: 5, logMaxAgeDays: 14 },
};

export function loadSettings(): Settings {
  const stored = readJson<Partial<Settings>>(paths.settings()) ?? {};
  return { ...defaultSettings, ...stored, nginx: { ...defaultSettings.nginx, ...stored.nginx }, daemon: { ...defaultSettings.daemon, ...stored.daemon } };
}

/** Persist the whole object, so the file on disk shows every knob. */
export function saveSettings(settings: Settings): void {
  writeJsonAtomic(paths.settings(), settings);
}
