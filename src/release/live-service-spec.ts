import { SlipwayError } from "../errors.js";
import { loadApp, type Release } from "../state/app-state.js";
import { loadConfig } from "../state/config.js";
import type { Settings } from "../state/settings.js";
import { imageFacts, planError } from "./release-inputs.js";
import { limitDefaults } from "../engine/limit-defaults.js";
import { planServices, type ServiceSpec } from "../engine/plan-services.js";
import { notDeployed } from "./redeploy.js";

/** The live release of an app, or a clear error saying there is none. */
export function liveRelease(app: string): Release {
  const current = loadApp(app)?.current;
  if (!current) throw notDeployed(app);
  return current;
}

/**
 * One service of the live release with the app's current config: the same planner and image facts
 * a deploy uses, so a one-off sees what a restart of the service would.
 */
export async function liveServiceSpec(
  settings: Settings,
  app: string,
  release: Release,
  service: string,
): Promise<ServiceSpec> {
  checkService(release, service);
  const facts = await imageFacts(release.template, release.images);
  const { specs, problems } = planServices({
    app,
    template: release.template,
    config: loadConfig(app),
    images: (s) => facts.get(s.name)!,
    scale: {},
    defaults: limitDefaults(settings),
  });
  const own = problems.filter((p) => p.service === service);
  if (own.length) throw planError(app, own);
  return specs.find((s) => s.name === service)!;
}

export function checkService(release: Release, service: string): void {
  const names = release.template.services.map((s) => s.name);
  if (!names.includes(service)) {
    throw new SlipwayError("no-service", `the live release has no service named ${service}`, {
      hint: `services: ${names.join(", ")}; pick one with --service`,
    });
  }
}
