import { say } from "../output.js";
import { DEFAULT_PORT } from "../engine/container-spec.js";
import { ensureBuildNetwork } from "../engine/network.js";
import { archiveTree, readTreeFile } from "./archive.js";
import type { BuildContext } from "./build-context.js";
import { toPusher } from "./build-context.js";
import { buildImage } from "./build-image.js";
import { withContextFiles } from "./context-tar.js";
import { defaultWebCommand, detectPlatform } from "./detect-platform.js";
import { stepCached } from "./progress.js";
import { renderDockerfile } from "./render-dockerfile.js";
import { settingImage } from "../template/image-ref.js";

/** Recognise the platform, generate its Dockerfile, and build the tree with it. */
export async function buildDetected(
  ctx: BuildContext,
  files: string[],
  procfile: Record<string, string>,
): Promise<void> {
  const { platform, marker } = detectPlatform(files);
  const baseImage = settingImage(
    ctx.settings.builders.detectImages[platform],
    `builders.detectImages.${platform}`,
  );
  say.step(`Detected a ${platform} app (${marker}); building on ${baseImage}`);
  const packageJson =
    platform === "node" ? await readTreeFile(ctx.repoDir, ctx.sha, "package.json") : undefined;
  const webCommand = procfile.web ?? defaultWebCommand(platform, files, packageJson);
  const dockerfile = renderDockerfile({ platform, baseImage, files, webCommand, port: DEFAULT_PORT });
  const network = await ensureBuildNetwork(ctx.settings);
  const { tar, done } = archiveTree(ctx.repoDir, ctx.sha);
  const context = withContextFiles(tar, [{ name: "Dockerfile", text: dockerfile.text }]);
  let output = "";
  const onOutput = (text: string) => {
    output += text;
    toPusher(text);
  };
  await Promise.all([buildImage({ context, tag: ctx.tag, labels: ctx.labels, network, onOutput }), done]);
  if (dockerfile.installStep)
    reportInstallCache(stepCached(output, dockerfile.installStep), dockerfile.installStep);
}

/** Tell the pusher whether dependencies were installed again; a code-only push should reuse them. */
function reportInstallCache(cached: boolean | undefined, step: string): void {
  if (cached === undefined) return;
  const what = step.replace(/^RUN /, "");
  say.step(
    cached
      ? `Dependencies unchanged: reused the cached \`${what}\` layer`
      : `Dependencies installed (\`${what}\`); later pushes that change only code reuse this layer`,
  );
}
