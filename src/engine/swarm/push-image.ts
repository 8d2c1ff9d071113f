import { SlipwayError } from "../../errors.js";
import { docker } from "../docker.js";
import type { RegistryAuth } from "../cluster/registry-auth.js";

/** The registry repository of an app's images: one per app, so destroy finds them all. */
export function registryRepo(registry: string, namePrefix: string, app: string): string {
  return `${registry}/${namePrefix}-${app}`;
}

/**
 * Tag a local image for the cluster registry and push it; resolves to REPO@DIGEST, the reference
 * services run by. The tag is the image id, so an unchanged image is pushed once.
 */
export async function pushImage(repo: string, imageId: string, auth: RegistryAuth): Promise<string> {
  const engine = await docker();
  const tag = imageId.replace(/^sha256:/, "").slice(0, 20);
  await engine.getImage(imageId).tag({ repo, tag });
  const stream = await engine.getImage(`${repo}:${tag}`).push({ authconfig: auth });
  const events = await new Promise<{ error?: string; aux?: { Digest?: string } }[]>((resolve, reject) =>
    engine.modem.followProgress(stream, (err: Error | null, out: unknown[]) =>
      err ? reject(err) : resolve(out as { error?: string; aux?: { Digest?: string } }[]),
    ),
  );
  const failed = events.find((e) => e.error);
  const digest = events.find((e) => e.aux?.Digest)?.aux?.Digest;
  if (failed || !digest)
    throw new SlipwayError(
      "registry-push",
      `could not push ${repo}:${tag}: ${failed?.error ?? "no digest"}`,
      {
        hint: "check that the cluster registry runs (slipway cluster:list) and has disk space",
      },
    );
  return `${repo}@${digest}`;
}
