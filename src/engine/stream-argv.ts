import type { Settings } from "../state/settings.js";

// The docker CLI argv whose stdout or stdin a backup streams through restic; pure, run by src/backup.

/** Every image of a release as one tarball on stdout. */
export function imagesSaveArgv(settings: Settings, images: string[]): string[] {
  return [settings.dockerBinary, "save", ...images];
}

/** A `docker save` tarball on stdin loaded into the engine. */
export function imagesLoadArgv(settings: Settings): string[] {
  return [settings.dockerBinary, "load", "-q"];
}

/** The service's own image reads its volume (read-only, no network) and writes it to stdout as tar. */
export function volumeTarArgv(settings: Settings, volume: string, image: string): string[] {
  return [...helperRun(settings, `${volume}:/data:ro`, image, false), "-c", "-f", "-", "-C", "/data", "."];
}

/** The same, the other way: tar on stdin unpacked into the (new, empty) volume. */
export function volumeUntarArgv(settings: Settings, volume: string, image: string): string[] {
  return [...helperRun(settings, `${volume}:/data`, image, true), "-x", "-f", "-", "-C", "/data"];
}

function helperRun(settings: Settings, bind: string, image: string, stdin: boolean): string[] {
  const labels = Object.entries(settings.labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
  return [
    settings.dockerBinary,
    "run",
    "--rm",
    ...(stdin ? ["-i"] : []),
    "--network",
    "none",
    "--user",
    "0",
    ...labels,
    "-v",
    bind,
    "--entrypoint",
    "tar",
    image,
  ];
}

/** The service's backup cmd inside its running container; its stdout is the dump. */
export function dumpArgv(settings: Settings, container: string, cmd: string[]): string[] {
  return [settings.dockerBinary, "exec", container, ...cmd];
}

/** The restore cmd in the restored container, with the dump on its stdin. */
export function undumpArgv(settings: Settings, container: string, cmd: string[]): string[] {
  return [settings.dockerBinary, "exec", "-i", container, ...cmd];
}
