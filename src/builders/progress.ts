/** One JSON event from the engine's /build stream. */
export interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/**
 * Classify a build event. A failing RUN arrives as an `error` event while the HTTP stream
 * itself ends normally, so this, not the stream's end, decides whether the build failed.
 */
export function readBuildEvent(ev: BuildEvent): { text?: string; error?: string; imageId?: string } {
  if (ev.error || ev.errorDetail)
    return { error: ev.errorDetail?.message || ev.error || "unknown build error" };
  if (ev.aux?.ID) return { imageId: ev.aux.ID };
  if (ev.stream) return { text: ev.stream };
  if (ev.status) return { text: ev.status + "\n" };
  return {};
}

/** Turn build output into pusher-facing lines: Dockerfile steps stand out, the rest is indented. */
export function formatBuildText(text: string): string {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => (/^Step \d+\/\d+ :/.test(l) ? `-----> ${l}\n` : `       ${l}\n`))
    .join("");
}

/**
 * Whether the build step running `instruction` came from the layer cache, read from the
 * formatted build output: the classic builder says "Using cache", BuildKit says "CACHED".
 * Undefined when the step is not in the output.
 */
export function stepCached(output: string, instruction: string): boolean | undefined {
  const lines = output.split("\n");
  const at = lines.findIndex((l) => /Step \d+\/\d+ : /.test(l) && l.trimEnd().endsWith(`: ${instruction}`));
  if (at < 0) return undefined;
  const next = lines.slice(at + 1).findIndex((l) => /Step \d+\/\d+ : /.test(l));
  const body = lines.slice(at + 1, next < 0 ? undefined : at + 1 + next);
  return body.some((l) => /Using cache|\bCACHED\b/.test(l));
}
