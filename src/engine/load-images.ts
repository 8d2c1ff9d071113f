import type { Readable } from "node:stream";
import { SlipwayError } from "../errors.js";
import { docker } from "./docker.js";

/** Load a `docker save` tarball into the engine; returns the references it loaded. */
export async function loadImages(tarball: Readable): Promise<string[]> {
  const engine = await docker();
  const stream = (await engine.loadImage(tarball, {
    quiet: true,
  } as never)) as unknown as NodeJS.ReadableStream;
  type LoadEvent = { stream?: string; error?: string; errorDetail?: { message?: string } };
  const events: LoadEvent[] = await new Promise((resolve, reject) =>
    engine.modem.followProgress(stream, (err: Error | null, out: LoadEvent[]) =>
      err ? reject(err) : resolve(out),
    ),
  );
  const failed = events.find((e) => e.error || e.errorDetail);
  if (failed) {
    throw new SlipwayError(
      "load-failed",
      `the engine could not load the tarball: ${failed.errorDetail?.message ?? failed.error}`,
      {
        hint: "make the tarball with `docker save IMAGE -o image.tar` and pass it on stdin",
      },
    );
  }
  return events.flatMap((e) => /^Loaded image(?: ID)?: (\S+)/m.exec(e.stream ?? "")?.[1] ?? []);
}
