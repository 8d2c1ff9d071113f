import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { say } from "../output.js";
import { DEFAULT_PORT } from "../engine/container-spec.js";
import { docker } from "../engine/docker.js";
import { imageExists } from "../engine/images.js";
import { ensureBuildNetwork } from "../engine/network.js";
import { paths } from "../state/paths.js";
import { archiveTree } from "./archive.js";
import { toPusher, type BuildContext } from "./build-context.js";
import { buildImage } from "./build-image.js";
import { missingImage } from "./build-prebuilt.js";
import { ensureBuildCache } from "./build-cache.js";
import { packContext } from "./context-tar.js";
import { settingImage } from "../template/image-ref.js";
import { CAPPED_LOGS } from "../engine/log-config.js";

/** The app image: the runner with the slug unpacked at /app; `start web` runs the Procfile's web type. */
export function renderSlugDockerfile(runnerImage: string, port: number): string {
  return [
    `FROM ${runnerImage}`,
    "ADD slug.tgz /app",
    `ENV PORT=${port}`,
    `EXPOSE ${port}`,
    `CMD ["start", "web"]`,
    "",
  ].join("\n");
}

/** Compile the tree to a slug with the builder image, then layer the slug onto the runner image. */
export async function buildWithBuildpacks(ctx: BuildContext): Promise<void> {
  const runnerImage = settingImage(ctx.settings.builders.runnerImage, "builders.runnerImage");
  // Checked first: otherwise the engine would try a registry for it after the whole compile.
  if (!(await imageExists(runnerImage))) throw missingImage(runnerImage);
  fs.mkdirSync(paths.tmpDir(), { recursive: true });
  const slug = path.join(paths.tmpDir(), `slug-${ctx.app}-${ctx.release}-${process.pid}.tgz`);
  try {
    await compileSlug(ctx, slug);
    say.step(`Slug is ${(fs.statSync(slug).size / 1024).toFixed(0)} KiB; layering it onto ${runnerImage}`);
    const context = packContext([
      { name: "Dockerfile", text: renderSlugDockerfile(runnerImage, DEFAULT_PORT) },
      { name: "slug.tgz", path: slug },
    ]);
    await buildImage({
      context,
      tag: ctx.tag,
      labels: ctx.labels,
      network: await ensureBuildNetwork(ctx.settings),
      onOutput: toPusher,
    });
  } finally {
    fs.rmSync(slug, { force: true });
  }
}

/** The slugbuilder protocol: the tree as a tar on stdin with argument `-`, the slug on stdout, the log on stderr. */
async function compileSlug(ctx: BuildContext, slugPath: string): Promise<void> {
  const engine = await docker();
  const cache = await ensureBuildCache(ctx.settings, ctx.app);
  const container = await engine.createContainer({
    Image: ctx.settings.builders.buildpackImage,
    Cmd: ["-"],
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Labels: { ...ctx.labels, "slipway.process": "build" },
    HostConfig: {
      Binds: [`${cache}:/tmp/cache`],
      NetworkMode: await ensureBuildNetwork(ctx.settings),
      LogConfig: CAPPED_LOGS,
    },
  });
  try {
    const stream = (await container.attach({
      stream: true,
      hijack: true,
      stdin: true,
      stdout: true,
      stderr: true,
    })) as NodeJS.ReadWriteStream;
    const slug = fs.createWriteStream(slugPath);
    const streamEnded = new Promise<void>((resolve) => stream.once("end", resolve).once("close", resolve));
    engine.modem.demuxStream(stream, slug, process.stderr);
    await container.start();
    const { tar, done } = archiveTree(ctx.repoDir, ctx.sha);
    tar.pipe(stream);
    const [result] = await Promise.all([
      container.wait() as Promise<{ StatusCode: number }>,
      done,
      streamEnded,
    ]);
    await new Promise<void>((resolve, reject) =>
      slug.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    if (result.StatusCode !== 0) {
      throw new SlipwayError("build-failed", `the buildpack builder exited with code ${result.StatusCode}`, {
        hint: "the builder's log above says why; fix the app and push again",
      });
    }
  } finally {
    await container.remove({ force: true, v: true }).catch(() => {});
  }
}
