import { imageScope } from "../../git/access-scope.js";
import { SlipwayError, usageError } from "../../errors.js";
import { repoPath } from "../../state/paths.js";
import { missingImage } from "../../builders/build-prebuilt.js";
import { parseImageRef } from "../../template/image-ref.js";
import { deploy } from "../../release/deploy.js";
import { docker } from "../../engine/docker.js";
import { loadImages } from "../../engine/load-images.js";
import { loadApp, loadOrCreateApp, saveApp, type BuilderName } from "../../state/app-state.js";
import { say } from "../../output.js";
import { appCommand, arg, localCommand, type Command } from "../command.js";

const BUILDERS: BuilderName[] = ["dockerfile", "buildpack", "detect", "image"];

export const buildersCommands: Command[] = [
  appCommand({
    usage: "builder:set APP dockerfile|buildpack|detect|image|auto",
    summary: "choose how pushes to APP build; auto chooses per push",
    args: [arg("dockerfile|buildpack|detect|image|auto", checkBuilder)],
    lock: "session",
    async run({ args: [app, choice] }) {
      const builder = choice === "auto" ? undefined : (choice as BuilderName);
      const record = loadApp(app);
      if (!record)
        throw new SlipwayError("no-app", `there is no app named ${app}`, { hint: "push to it first" });
      record.builder = builder;
      saveApp(record);
      say.step(
        builder
          ? `${app} now builds with the ${builder} builder`
          : `${app} now chooses its builder on each push`,
      );
    },
  }),
  appCommand({
    usage: "deploy:image APP IMAGE",
    summary: "deploy a prebuilt image that is on the server as APP's web service",
    appMayBeMissing: true,
    args: [arg("IMAGE", parseImageRef)],
    lock: "session",
    async run({ args: [app, image], settings, pusher, caller }) {
      const sha = (await localImageId(image)).replace(/^sha256:/, "");
      const req = {
        app,
        record: loadOrCreateApp(app),
        sha,
        repoDir: repoPath(settings, app),
        prebuiltImage: image,
        pushedBy: pusher,
        mayUseImagesOf: imageScope(caller, process.env),
      };
      const release = await deploy(settings, req);
      say.step(`Deployed ${app} release ${release.number} from ${image}: http://${app}.${settings.domain}/`);
    },
  }),
  localCommand({
    usage: "images:load < image.tar",
    summary: "load images from a `docker save` tarball, for hosts without a registry",
    args: [],
    async run() {
      if (process.stdin.isTTY)
        throw usageError(
          "images:load reads a `docker save` tarball on stdin",
          "slipway images:load < image.tar",
        );
      const loaded = await loadImages(process.stdin);
      for (const ref of loaded) say.step(`Loaded ${ref}`);
      if (!loaded.length) say.warn("the tarball held no images");
    },
  }),
];

function checkBuilder(raw: string): string {
  if (raw === "auto" || (BUILDERS as string[]).includes(raw)) return raw;
  throw usageError(`unknown builder ${JSON.stringify(raw)}`, `choose one of ${BUILDERS.join(", ")}, or auto`);
}

/** The image's id, recorded as the release's revision. */
async function localImageId(image: string): Promise<string> {
  const engine = await docker();
  return engine
    .getImage(image)
    .inspect()
    .then(
      (info) => info.Id,
      () => Promise.reject(missingImage(image)),
    );
}
