import type { Settings } from "../../state/settings.js";
import { docker } from "../docker.js";

/** Bytes of images and volumes per app, from one `docker system df`, and where the engine keeps them. */
export interface EngineDiskUsage {
  dockerRoot: string;
  apps: Record<string, { imagesBytes: number; volumesBytes: number }>;
}

interface Labelled {
  Labels?: Record<string, string> | null;
}

export async function engineDiskUsage(settings: Settings): Promise<EngineDiskUsage> {
  const engine = await docker();
  const [info, df] = await Promise.all([engine.info(), engine.df()]);
  const apps: EngineDiskUsage["apps"] = {};
  const ours = (o: Labelled) => {
    const labels = o.Labels ?? {};
    const mine = Object.entries(settings.labels).every(([k, v]) => labels[k] === v);
    const app = mine ? labels["slipway.app"] : undefined;
    return app ? (apps[app] ??= { imagesBytes: 0, volumesBytes: 0 }) : undefined;
  };
  for (const img of (df.Images ?? []) as (Labelled & { Size: number })[]) {
    const entry = ours(img);
    if (entry) entry.imagesBytes += img.Size;
  }
  for (const vol of (df.Volumes ?? []) as (Labelled & { UsageData?: { Size: number } })[]) {
    const entry = ours(vol);
    if (entry) entry.volumesBytes += Math.max(0, vol.UsageData?.Size ?? 0);
  }
  return { dockerRoot: info.DockerRootDir as string, apps };
}
