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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-base-"));
  try {
    fs.writeFileSync(path.join(dir, "Dockerfile"), DOCKERFILE);
    fs.copyFileSync("/bin/busybox", path.join(dir, "busybox"));
    await buildTestImage(BASE_IMAGE, ["-C", dir, "."]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Build a shared test image from `tar -c ARGS`; labelled so the suite's final cleanup removes it. */
export async function buildTestImage(tag: string, tarArgs: string[]): Promise<void> {
  const tar = spawn("tar", ["-c", ...tarArgs], { stdio: ["ignore", "pipe", "inherit"] });
  const stream = await engine.buildImage(tar.stdout as never, { t: tag, labels: { [BASE_LABEL]: "1" }, forcerm: true } as never);
  const events: Array<{ error?: string }> = await new Promise((resolve, reject) =>
    engine.modem.followProgress(stream as never, (err: Error | null, out: Array<{ error?: string }>) => (err ? reject(err) : resolve(out))),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(`building ${tag} failed: ${failed.error}`);
}

/** Remove every container, image and volume carrying the label (tests label all they make). */
export async function removeLabelled(label: string): Promise<void> {
  const containers = await engine.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(containers.map((c) => engine.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
  const images = await engine.listImages({ filters: { label: [label] } });
  for (const img of images) {
    for (const ref of img.RepoTags?.length ? img.RepoTags : [img.Id]) await engine.getImage(ref).remove({ force: true }).catch(() => {});
  }
  await engine.pruneImages({ filters: { dangling: ["true"], label: [label] } }).catch(() => {});
  const { Volumes: volumes } = await engine.listVolumes({ filters: { label: [label] } });
  await Promise.all((volumes ?? []).map((v) => engine.getVolume(v.Name).remove().catch(() => {})));
}
