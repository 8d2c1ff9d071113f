import fs from "node:fs";
import { SlipwayError } from "../errors.js";
import type { SnippetDirective } from "./snippet-directive.js";
import { paths } from "./paths.js";
import type { Template } from "../template/template.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";
import type { SchedulerName } from "./scheduler-name.js";

/** One running container of a service. */
export interface ContainerRef {
  id: string;
  name: string;
  /** Stable 127.0.0.1 port for the service's first port; routes survive engine restarts. */
  hostPort?: number;
}

/** A service as deployed: enough to tell on the next deploy whether it must change. */
export interface ServiceState {
  /** Hash of everything that, changed, means new containers (image id, command, env, ports...). */
  specHash: string;
  imageId: string;
  image: string;
  /** Hash of the env alone, to say "env changed" in the plan. */
  envHash: string;
  containers: ContainerRef[];
  /** Container port nginx would route to: the service's first port. */
  port: number;
  /** Public host port → container port. */
  publish: Record<string, number>;
  /** Set when the service runs on Swarm: its containers list stays empty, tasks are the engine's. */
  swarm?: SwarmServiceRef;
}

/** One release of a service as a Swarm service. */
export interface SwarmServiceRef {
  id: string;
  name: string;
  /** The image by digest in the cluster registry. */
  image: string;
  /** The node its volumes live on; the service runs only there. */
  pinnedNode?: string;
  /** Container port whose host-mode published port nginx routes to, when routable. */
  routePort?: number;
  /** The HTTP health check's path, for tasks that join nginx after the deploy (moved by Swarm). */
  healthPath?: string;
  replicas: number;
}

/** A successful deploy. Kept per number so releases can be listed and rolled back to. */
export interface Release {
  number: number;
  sha?: string;
  deployedAt: string;
  pushedBy?: string;
  /** What caused it: push, config, scale, deploy, rollback. */
  cause: string;
  template: Template;
  /** Build context → built image reference. */
  images: Record<string, string>;
  /** Build context → key of what went into its image (src/builders/build-key.ts): an equal key reuses it. */
  buildKeys?: Record<string, string>;
  /** Config names and a hash of the values; the values themselves stay in config.json. */
  config: { names: string[]; hash: string };
  services: Record<string, ServiceState>;
}

/**
 * What nginx routes an app to: for each routed service, the stable 127.0.0.1 ports of its
 * containers. Saved after every switch so routing commands (domains, certs) can re-render alone.
 */
export interface RouteTarget {
  release: number;
  /** 127.0.0.1 ports, or NODE_ADDR:PORT of Swarm tasks (published in host mode on their node). */
  services: Record<string, (number | string)[]>;
  /** The service the default vhost and domains without --service go to. */
  defaultService: string;
  /** Checked directives from the pushed repo's nginx snippets, placed in every `location /`. */
  snippets?: SnippetDirective[];
  /** Set by `ps:stop`: nginx answers 503 saying the app is stopped, and no request reaches it. */
  stopped?: true;
  /**
   * Only while a release's new containers finish their settle: the previous release's ports, as
   * nginx `backup` servers that take requests if the new ones fail. Never stored in a record.
   */
  backups?: Record<string, number[]>;
}

export interface AppRecord {
  name: string;
  createdAt: string;
  /** The branch whose pushes deploy; set by the first push of master or main. */
  deployBranch?: string;
  /** Highest release number handed out, including failed attempts. */
  lastRelease: number;
  current?: Release;
  routes?: RouteTarget;
  /** Containers per service; infrastructure, so it lives here and not in slipway.yml. */
  scale?: Record<string, number>;
  /** Set by `builder:set`; without it the builder is chosen per push (see src/builders/choose-builder.ts). */
  builder?: BuilderName;
  /** Set by `scheduler:set`; without it the `scheduler` setting decides (single-host by default). */
  scheduler?: SchedulerName;
  /** `ps:stop` stopped every container; restores and reboots leave it so until `ps:start` or a deploy. */
  stopped?: true;
}

export type BuilderName = "dockerfile" | "buildpack" | "detect" | "image";

export function loadApp(app: string): AppRecord | undefined {
  const record = readJson<AppRecord>(paths.appRecord(app));
  return record && upgradeRecord(record);
}

/** The first releases ran one web container (`current.containerId`); read them as a one-service release. */
function upgradeRecord(record: AppRecord): AppRecord {
  const old = record.current as unknown as
    | { containerId?: string; containerName?: string; hostPort?: number; image?: string; port?: number }
    | undefined;
  if (!old?.containerId || record.current?.services) return record;
  const web = { name: "web", build: ".", ports: [], env: {}, volumes: {}, publish: {}, dependsOn: [] };
  const container = {
    id: old.containerId,
    name: old.containerName ?? old.containerId,
    hostPort: old.hostPort,
  };
  const current: Release = {
    ...(record.current as Release),
    cause: "push",
    template: { services: [web], cron: [], source: "Dockerfile" },
    images: { ".": old.image ?? "" },
    config: { names: [], hash: "" },
    services: {
      web: {
        specHash: "",
        envHash: "",
        imageId: "",
        image: old.image ?? "",
        containers: [container],
        port: old.port ?? 5000,
        publish: {},
      },
    },
  };
  const routes = record.routes ?? {
    release: current.number,
    services: { web: old.hostPort ? [old.hostPort] : [] },
    defaultService: "web",
  };
  return { ...record, current, routes };
}

/** The app's record, or the one refusal every command gives for a name that is not an app. */
export function requireApp(app: string): AppRecord {
  const record = loadApp(app);
  if (record) return record;
  throw new SlipwayError("no-app", `there is no app named ${app}`, {
    hint: `create it with \`apps:create ${app}\` or push to it (git push git@HOST:${app} master); \`apps:list\` shows the apps`,
  });
}

export function loadOrCreateApp(app: string): AppRecord {
  return loadApp(app) ?? { name: app, createdAt: new Date().toISOString(), lastRelease: 0 };
}

export function saveApp(record: AppRecord): void {
  writeJsonAtomic(paths.appRecord(record.name), record);
}

/** Every app's record, sorted by name; `except` is skipped unread (the caller already has it). */
export function listApps(except?: string): AppRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(paths.appsDir());
  } catch {
    return [];
  }
  return names.sort().flatMap((n) => (n === except ? [] : (loadApp(n) ?? [])));
}

export function saveRelease(app: string, release: Release): void {
  writeJsonAtomic(paths.release(app, release.number), release);
}

/** A release record that never went live (its deploy died between recording it and switching to it). */
export function removeRelease(app: string, n: number): void {
  fs.rmSync(paths.release(app, n), { force: true });
}

export function loadRelease(app: string, n: number): Release | undefined {
  return readJson<Release>(paths.release(app, n));
}

/** Every kept release, newest first. */
export function listReleases(app: string): Release[] {
  let files: string[];
  try {
    files = fs.readdirSync(paths.releasesDir(app));
  } catch {
    return [];
  }
  const numbers = files.map((f) => Number(/^(\d+)\.json$/.exec(f)?.[1])).filter((n) => n > 0);
  return numbers.sort((a, b) => b - a).flatMap((n) => loadRelease(app, n) ?? []);
}

export function removeAppState(app: string): void {
  fs.rmSync(paths.appDir(app), { recursive: true, force: true });
}
