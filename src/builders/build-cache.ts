import type { Settings } from "../state/settings.js";
import { docker } from "../engine/docker.js";

/** The app's buildpack cache, mounted at /tmp/cache; labelled so destroying the app finds it. */
export async function ensureBuildCache(settings: Settings, app: string): Promise<string> {
  const name = `${settings.namePrefix}-${app}-buildpack-cache`;
  const engine = await docker();
  await engine.createVolume({
    Name: name,
    Labels: { ...settings.labels, "slipway.app": app, "slipway.volume": "buildpack-cache" },
  });
  return name;
}
