import tar from "tar-stream";
import { SlipwayError } from "../errors.js";
import { archiveTree } from "./archive.js";
import { pulledImageRefs, refuseLocalPull } from "./refuse-local-pull.js";
import { refuseOtherAppsImages } from "../engine/image-owner.js";
import { refuseRemoteAdd } from "./refuse-remote-add.js";

/**
 * Check the Dockerfile exactly as the engine will receive it: taken from `git archive`, so
 * attributes that rewrite files on export and symlinks are seen as the engine sees them.
 */
export async function checkPushedDockerfile(
  repoDir: string,
  treeish: string,
  file: string,
  owner: ImageScope,
): Promise<void> {
  const entry = await archivedEntry(repoDir, treeish, "Dockerfile");
  if (!entry) return; // the builder says a Dockerfile is missing
  if (entry.type !== "file") {
    throw new SlipwayError("dockerfile-not-a-file", `${file} is a ${entry.type}, not a regular file`, {
      hint: "commit the Dockerfile itself at that path, not a link to it",
    });
  }
  refuseRemoteAdd(entry.text, file);
  refuseLocalPull(entry.text, file);
  const named = pulledImageRefs(entry.text).map((p) => ({
    image: p.expanded,
    where: `${file} line ${p.line}`,
  }));
  await refuseOtherAppsImages(named, owner.app, owner.mayUseImagesOf);
}

/** The app a build is for, and whose other apps' images the caller may build from. */
export interface ImageScope {
  app: string;
  mayUseImagesOf: (owner: string) => boolean;
}

interface Entry {
  type: string;
  text: string;
}

async function archivedEntry(repoDir: string, treeish: string, name: string): Promise<Entry | undefined> {
  const { tar: stream, done } = archiveTree(repoDir, treeish, [name]);
  const extract = tar.extract();
  let found: Entry | undefined;
  extract.on("entry", (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on("data", (c) => chunks.push(c as Buffer));
    body.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (header.name === name) found = { type: header.type ?? "file", text };
      next();
    });
  });
  const extracted = new Promise<void>((resolve, reject) => {
    extract.once("finish", resolve).once("error", reject);
  });
  stream.pipe(extract);
  await Promise.all([extracted, done.catch(() => undefined)]);
  return found;
}
