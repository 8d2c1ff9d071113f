import type { Supervisor } from "./supervisor-name.js";
import type { SchedulerName } from "./scheduler-name.js";
import { fileURLToPath } from "node:url";
import { paths } from "./paths.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";
import { refuseNewerState, storedStateVersion } from "./migrations/state-version.js";

import type {
  ContainerDefaults,
  BuilderSettings,
  DaemonSettings,
  ApiEndpoint,
  SubnetPool,
  BackupSettings,
  AlertSettings,
} from "./settings-parts.js";
import { defaultAlertSettings } from "./settings-parts.js";

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
    /** Port the HTTPS servers listen on, for apps with a certificate. */
    tlsListen: number;
    /** htpasswd files for auth:set; nginx workers (www-data) read them at request time. */
    authDir: string;
    /** Served at /.well-known/acme-challenge/ on every app domain for Let's Encrypt HTTP-01. */
    acmeWebroot: string;
    /** Listen on [::] as well, on the same ports; "auto": when the host has an IPv6 address. */
    ipv6: boolean | "auto";
  };
  letsencrypt: {
    /** ACME directory; point it at a staging or private ACME server to test. */
    directoryUrl: string;
    /** Certificates with fewer days left than this are renewed by letsencrypt:auto-renew. */
    renewBeforeDays: number;
    /** When slipwayd runs letsencrypt:auto-renew, as a cron pattern; "" picks a daily time from the host name. */
    renewSchedule: string;
  };
  /** Each deployment's bridge network gets a subnet from this pool (Docker's default pools hold ~31). */
  networks: SubnetPool;
  /** Host ports handed to app containers, published on 127.0.0.1 only. */
  portRange: [number, number];
  /** Seconds a new container has to answer before the deploy is abandoned. */
  startTimeoutSeconds: number;
  /** Seconds a push waits for another deploy of the same app. */
  lockTimeoutSeconds: number;
  /** Container names are PREFIX-APP.SERVICE.RELEASE.N, networks PREFIX-APP and images PREFIX/APP:N; separate installations sharing an engine need separate prefixes. */
  namePrefix: string;
  /** Extra labels on every container and image (tests use it to find their own). */
  labels: Record<string, string>;
  /** Images kept per app for later rollback; older ones are removed after a deploy. */
  keepReleases: number;
  /** Images the buildpack and detect builders start from; see docs/builders.md. */
  builders: BuilderSettings;
  daemon: DaemonSettings;
  /** slipwayd's HTTPS endpoint, set by `api:domain`; absent, slipwayd is reachable on loopback only. */
  api?: ApiEndpoint;
  /** Seconds a new container must stay up (after its port accepts) when its service has no health check. */
  settleSeconds: number;
  /** Seconds a replaced container keeps serving requests already inside it before it gets SIGTERM. */
  drainSeconds: number;
  /** Seconds between SIGTERM and SIGKILL when a container is stopped. */
  stopTimeoutSeconds: number;
  /** What keeps app containers running: Docker restart policies, or one systemd unit / upstart job per service instance. */
  supervisor: Supervisor;
  /** Where apps without their own `scheduler:set` run: this engine alone, or the cluster's Swarm. */
  scheduler: SchedulerName;
  /** Where systemd units for app containers are written. */
  systemdUnitDir: string;
  /** Where upstart jobs for app containers are written. */
  upstartJobDir: string;
  /** The docker CLI that generated jobs run (`docker start -a`, `docker stop`). */
  dockerBinary: string;
  /**
   * argv prefix when not root: Slipway runs `SUDO HELPER INIT VERB [NAME]` (see supervisorHelper).
   * The helper's job dirs and docker path are its own constants, never these settings.
   */
  supervisorSudo: string[];
  /** The root-owned helper that sudoers allows (configure-system.sh installs it from provisioning/supervisor-job). */
  supervisorHelper: string;
  /**
   * argv put before every systemctl/initctl command Slipway runs as root; empty runs them directly.
   * For a Slipway that runs in a container and drives another namespace's init (e.g. ["nsenter", "-t", "1", "-a"]).
   */
  supervisorExec: string[];
  /** Limits for every app container whose service sets none in slipway.yml. */
  defaults: ContainerDefaults;
  /** Host ports below 1024 an admin allowed for `publish:` (ports:allow); the server's own ports never are. */
  publishAllowed: number[];
  /** Accept a seconds field in cron schedules (jobs more often than once a minute); for tests. */
  cronSeconds: boolean;
  /** slipwayd destroys branch previews not pushed for this many days, once a day; 0 never does. */
  previews: { maxAgeDays: number };
  /** The state format (src/state/migrations); absent on state written before it was versioned (0). */
  stateVersion?: number;
  /** When slipwayd backs everything up, and how many snapshots restic keeps. */
  backups: BackupSettings;
  /** What slipwayd watches and alerts on (docs/alerts.md). */
  alerts: AlertSettings;
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
    tlsListen: 443,
    authDir: "/etc/nginx/slipway-auth",
    acmeWebroot: "/var/lib/slipway-acme",
    ipv6: "auto",
  },
  letsencrypt: {
    directoryUrl: "https://acme-v02.api.letsencrypt.org/directory",
    renewBeforeDays: 30,
    renewSchedule: "",
  },
  networks: { pool: "10.213.0.0/16", prefixLength: 26 },
  portRange: [20000, 29999],
  startTimeoutSeconds: 60,
  lockTimeoutSeconds: 600,
  namePrefix: "slipway",
  labels: {},
  keepReleases: 5,
  settleSeconds: 0.5,
  drainSeconds: 2,
  stopTimeoutSeconds: 10,
  supervisor: "docker",
  scheduler: "docker",
  systemdUnitDir: "/etc/systemd/system",
  upstartJobDir: "/etc/init",
  dockerBinary: "/usr/bin/docker",
  supervisorSudo: ["sudo", "-n"],
  supervisorHelper: "/usr/local/lib/slipway/supervisor-job",
  supervisorExec: [],
  defaults: { memory: "512m", pids: 512 },
  publishAllowed: [],
  cronSeconds: false,
  previews: { maxAgeDays: 14 },
  backups: { schedule: "@daily", keepDaily: 7, keepWeekly: 4, keepMonthly: 6 },
  builders: {
    buildpackImage: "flynn/slugbuilder",
    runnerImage: "flynn/slugrunner",
    detectImages: {
      node: "node:20-slim",
      python: "python:3.12-slim",
      static: "busybox:stable",
      go: "golang:1.22",
    },
    network: "slipway-build",
    // configure-system.sh lets the git user run exactly this, for the default bridge.
    firewall: ["sudo", "-n", fileURLToPath(new URL("../../bin/slipway-build-firewall", import.meta.url))],
  },
  daemon: { port: 7701, logMaxBytes: 10 << 20, logMaxFiles: 5, logMaxAgeDays: 14 },
  alerts: defaultAlertSettings,
};

export function loadSettings(): Settings {
  const stored = readJson<Partial<Settings>>(paths.settings()) ?? {};
  refuseNewerState(storedStateVersion(stored), paths.settings());
  const builders = { ...defaultSettings.builders, ...stored.builders };
  builders.detectImages = { ...defaultSettings.builders.detectImages, ...stored.builders?.detectImages };
  return {
    ...defaultSettings,
    ...stored,
    nginx: { ...defaultSettings.nginx, ...stored.nginx },
    letsencrypt: { ...defaultSettings.letsencrypt, ...stored.letsencrypt },
    defaults: { ...defaultSettings.defaults, ...stored.defaults },
    networks: { ...defaultSettings.networks, ...stored.networks },
    previews: { ...defaultSettings.previews, ...stored.previews },
    backups: { ...defaultSettings.backups, ...stored.backups },
    alerts: { ...defaultSettings.alerts, ...stored.alerts },
    builders,
  };
}

/** Persist the whole object, so the file on disk shows every knob. */
export function saveSettings(settings: Settings): void {
  writeJsonAtomic(paths.settings(), settings);
}
