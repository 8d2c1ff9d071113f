import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";

/** No registry is reachable, so every test image starts FROM this one: scratch plus Debian's static busybox. */
export const BASE_IMAGE = "slipway-test/busybox:1";
export const BASE_LABEL = "slipway.test-base";

const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /tmp /www /etc && echo "root:x:0:0:root:/:/bin/sh" > /etc/passwd
`;

export const engine = new Docker({ socketPath: "/var/run/docker.sock" });

/** Build the base image once per run; later calls find it by tag. */
export async function ensureBaseImage(): Promise<void> {
  try {
    await engine.getImage(BASE_IMAGE).inspect();
    return;
  } catch {
    // not built yet in this run
  }
  await buildTestImage(
    BASE_IMAGE,
    { Dockerfile: DOCKERFILE, busybox: fs.readFileSync("/bin/busybox") },
    { [BASE_LABEL]: "1" },
  );
}

/** Build an image from in-memory files (mode 0755, so scripts run); tests label what they build. */
export async function buildTestImage(
  tag: string,
  files: Record<string, string | Buffer>,
  labels: Record<string, string>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-image-"));
  try {
    for (const [name, data] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), data, { mode: 0o755 });
    }
    const tar = spawn("tar", ["-C", dir, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    await buildFromStream(tag, tar.stdout, labels);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Build a shared test image from `tar -c ARGS`; labelled so the suite's final cleanup removes it. */
export async function buildTestImageFromTar(tag: string, tarArgs: string[]): Promise<void> {
  const tar = spawn("tar", ["-c", ...tarArgs], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => tar.once("close", resolve));
  await buildFromStream(tag, tar.stdout, { [BASE_LABEL]: "1" });
  const code = await exited;
  if (code !== 0) throw new Error(`tar -c ${tarArgs.join(" ")} exited ${code} while building ${tag}`);
}

async function buildFromStream(
  tag: string,
  context: NodeJS.ReadableStream,
  labels: Record<string, string>,
): Promise<void> {
  const stream = await engine.buildImage(context as never, { t: tag, labels, forcerm: true } as never);
  const events: Array<{ error?: string }> = await new Promise((resolve, reject) =>
    engine.modem.followProgress(stream as never, (err: Error | null, out: Array<{ error?: string }>) =>
      err ? reject(err) : resolve(out),
    ),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(`building ${tag} failed: ${failed.error}`);
}

/**
 * Remove every container, image, network and volume carrying the label (tests label all they make).
 * keepParents leaves the untagged layers under the images: a test file's own teardown passes it,
 * since another file's running build may have just taken one of them from the cache.
 */
export async function removeLabelled(label: string, keepParents = false): Promise<void> {
  const containers = await engine.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(
    containers.map((c) =>
      engine
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  const images = await engine.listImages({ filters: { label: [label] } });
  for (const img of images) {
    for (const ref of img.RepoTags?.length ? img.RepoTags : [img.Id])
      await engine
        .getImage(ref)
        .remove({ force: true, noprune: keepParents })
        .catch(() => {});
  }
  await pruneUnder(label);
  for (const n of await engine.listNetworks({ filters: { label: [label] } }))
    await engine
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  const { Volumes } = await engine.listVolumes({ filters: { label: [label] } });
  for (const v of Volumes ?? [])
    await engine
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
}

/** Prune the untagged images carrying the label, and the untagged layers under them. */
export async function pruneUnder(label: string): Promise<void> {
  await engine.pruneImages({ filters: { dangling: ["true"], label: [label] } }).catch(() => {});
}
