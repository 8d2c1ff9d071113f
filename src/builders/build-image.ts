import type { Readable } from "node:stream";
import { SlipwayError } from "../errors.js";
import { docker } from "../engine/docker.js";
import { committedLayers, recordBuildLayers } from "../engine/build-layers.js";
import { BuildStepIds } from "./build-step-ids.js";
import { readBuildEvent, formatBuildText, type BuildEvent } from "./progress.js";

export interface BuildRequest {
  context: Readable;
  tag: string;
  labels: Record<string, string>;
  /** The build network RUN steps are on (ensureBuildNetwork). */
  network: string;
  /** Called with build output as it arrives, so the pusher watches it live. */
  onOutput: (text: string) => void;
}

/** Build a Dockerfile context and return the image id; throws with the engine's error on failure. */
export async function buildImage(req: BuildRequest): Promise<string> {
  const engine = await docker();
  const started = Date.now();
  const stream = (await engine.buildImage(req.context, {
    t: req.tag,
    forcerm: true,
    rm: true,
    labels: req.labels,
    networkmode: req.network,
  } as never)) as unknown as NodeJS.ReadableStream;
  let failure: string | undefined;
  let pending = "";
  const stages: string[] = [];
  const ids = new BuildStepIds();
  const onEvent = (ev: BuildEvent) => {
    const { text, error, imageId } = readBuildEvent(ev);
    if (error) failure ??= error;
    if (imageId) stages.push(imageId);
    if (!text) return;
    pending += text;
    const cut = pending.lastIndexOf("\n");
    if (cut < 0) return;
    ids.read(pending.slice(0, cut));
    req.onOutput(formatBuildText(pending.slice(0, cut)));
    pending = pending.slice(cut + 1);
  };
  await new Promise<void>((resolve, reject) =>
    engine.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()), onEvent),
  ).finally(async () => {
    // Layers of a failed build carry no app label; remembering them lets the app's prune find them.
    const app = req.labels["slipway.app"];
    if (app) recordBuildLayers(app, await committedLayers(stages, started, req.network, ids).catch(() => []));
  });
  if (pending) req.onOutput(formatBuildText(pending));
  if (failure) {
    throw new SlipwayError("build-failed", `the Docker build failed: ${failure.trim()}`, {
      hint: "fix the Dockerfile (the output above shows the failing step) and push again",
    });
  }
  return (await engine.getImage(req.tag).inspect()).Id;
}
