import type { Release } from "../state/app-state.js";
import type { Settings } from "../state/settings.js";
import { dumpArgv, imagesSaveArgv, volumeTarArgv } from "../engine/stream-argv.js";
import { volumeName } from "../engine/service-host-config.js";

/** One stream of a backup: a program's stdout stored as `file` in its own restic snapshot. */
export interface BackupPart {
  kind: "state" | "repo" | "images" | "volume" | "dump" | "server";
  /** The stdin filename in the snapshot: APP/KIND..., so retention groups each part of each app alone. */
  file: string;
  producer: string[];
  service?: string;
  volume?: string;
  /** Containers paused while the producer runs, so a volume is copied as one moment. */
  pause?: string[];
  /** A file or directory the part reads, skipped when it does not exist. */
  source?: string;
}

export interface PlanInput {
  app: string;
  release: Release;
  stateRoot: string;
  reposDir: string;
  /** The repository exists (an app created by `apps:create` and never pushed has none). */
  hasRepo: boolean;
}

/** Everything one app's backup holds, in order: state, repository, images, then each volume or dump. */
export function planAppBackup(settings: Settings, input: PlanInput): BackupPart[] {
  const { app, release } = input;
  const tar = (dir: string, entry: string) => ["tar", "-c", "-f", "-", "-C", dir, entry];
  const parts: BackupPart[] = [
    { kind: "state", file: `${app}/state.tar`, producer: tar(input.stateRoot, `apps/${app}`) },
  ];
  if (input.hasRepo)
    parts.push({ kind: "repo", file: `${app}/repo.tar`, producer: tar(input.reposDir, `${app}.git`) });
  const images = [...new Set(Object.values(release.services).map((s) => s.image))].sort();
  parts.push({
    kind: "images",
    file: `${app}/images.tar`,
    producer: imagesSaveArgv(settings, images),
  });
  for (const s of release.template.services) {
    const state = release.services[s.name];
    if (!state) continue;
    const containers = state.containers.map((c) => c.name);
    if (s.backup) {
      parts.push({
        kind: "dump",
        file: `${app}/dumps/${s.name}`,
        service: s.name,
        producer: dumpArgv(settings, containers[0], s.backup),
      });
      continue;
    }
    for (const v of Object.keys(s.volumes).sort()) {
      const producer = volumeTarArgv(settings, volumeName(settings.namePrefix, app, v), state.image);
      parts.push({
        kind: "volume",
        file: `${app}/volumes/${v}.tar`,
        service: s.name,
        volume: v,
        producer,
        pause: containers,
      });
    }
  }
  return parts;
}

/** Server-wide state: settings, tokens, certificates and keys (not the apps, nor the backup password). */
export function planServerBackup(settings: Settings, stateRoot: string): BackupPart[] {
  const skip = ["apps", "locks", "tmp", "logs", "backups", "slipwayd.pid"].flatMap((d) => [
    "--exclude",
    `./${d}`,
  ]);
  const tar = (dir: string, ...rest: string[]) => ["tar", "-c", "-f", "-", "-C", dir, ...rest];
  const keysDir = settings.authorizedKeys.replace(/\/[^/]+$/, "") || "/";
  const keysFile = settings.authorizedKeys.slice(keysDir.length + 1);
  const vhosts = settings.nginx.vhostDir;
  return [
    { kind: "server", file: "server/state.tar", producer: tar(stateRoot, ...skip, "."), source: stateRoot },
    {
      kind: "server",
      file: "server/authorized-keys.tar",
      producer: tar(keysDir, keysFile),
      source: settings.authorizedKeys,
    },
    { kind: "server", file: "server/vhosts.tar", producer: tar(vhosts, "."), source: vhosts },
  ];
}
