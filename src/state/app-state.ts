import fs from "node:fs";
import type { SnippetDirective } from "../proxy/parse-snippet.js";
import { paths } from "./paths.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";

/** What is running for an app right now. */
export interface Release {
  number: number;
  sha: string;
  image: string;
  containerId: string;
  containerName: string;
  /** Port the process listens on inside the container. */
  port: number;
  /** Stable 127.0.0.1 port nginx routes to; it survives engine restarts. */
  hostPort: number;
  deployedAt: string;
  pushedBy?: string;
}

/**
 * What nginx routes an app to: for each routed service, the stable 127.0.0.1 ports of its
 * containers. Saved after every switch so routing commands (domains, certs) can re-render alone.
 */
export interface RouteTarget {
  release: number;
  services: Record<string, number[]>;
  /** The service the default vhost and domains without --service go to. */
  defaultService: string;
  /** Checked directives from the pushed repo's nginx snippets, placed in every `location /`. */
  snippets?: SnippetDirective[];
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
}

export function loadApp(app: string): AppRecord | undefined {
  return readJson<AppRecord>(paths.appRecord(app));
}

export function loadOrCreateApp(app: string): AppRecord {
  return loadApp(app) ?? { name: app, createdAt: new Date().toISOString(), lastRelease: 0 };
}

export function saveApp(record: AppRecord): void {
  writeJsonAtomic(paths.appRecord(record.name), record);
}

export function listApps(): AppRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(paths.appsDir());
  } catch {
    return [];
  }
  return names.sort().flatMap((n) => loadApp(n) ?? []);
}

export function removeAppState(app: string): void {
  fs.rmSync(paths.appDir(app), { recursive: true, force: true });
}
