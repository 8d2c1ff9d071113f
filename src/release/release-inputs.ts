import { SlipwayError } from "../errors.js";
import { loadConfig } from "../state/config.js";
import { SLUG_LABEL } from "../builders/build-app.js";
import { normalizeContext } from "../builders/build-images.js";
import type { ServiceTemplate, Template } from "../template/template.js";
import { docker } from "../engine/docker.js";
import { exposedPort } from "../engine/container-spec.js";
import { refuseOtherAppsImages } from "../engine/image-owner.js";
import { planServices, type ImageFacts, type PlanProblem } from "../engine/plan-services.js";

/** What a release needs settled before anything starts: the template's variables and its images. */
/** Check variables before building, so a typo in slipway.yml costs no build. */
export function checkTemplateEnv(app: string, template: Template): void {
  const placeholder = { ref: "", id: "" };
  const { problems } = planServices({
    app,
    template,
    config: loadConfig(app),
    images: () => placeholder,
    scale: {},
  });
  if (problems.length) throw planError(app, problems);
}

/**
 * The images a new template (or `deploy:image`) would run, checked against whose images the
 * caller may use; none but the app's own when not said.
 */
export async function checkTemplateImages(
  app: string,
  template: Template,
  mayUseImagesOf: ((owner: string) => boolean) | undefined,
  prebuiltImage?: string,
): Promise<void> {
  const named = template.services.flatMap((s) =>
    s.image ? [{ image: s.image, where: `${template.source}: service ${s.name}` }] : [],
  );
  if (prebuiltImage) named.push({ image: prebuiltImage, where: "deploy:image" });
  await refuseOtherAppsImages(named, app, mayUseImagesOf ?? (() => false));
}

export function planError(app: string, problems: PlanProblem[]): SlipwayError {
  const lines = problems.map((p) => `  services.${p.service}: ${p.message}`).join("\n");
  return new SlipwayError("bad-env", `the template can't be deployed as ${app}:\n${lines}`, {
    hint: `set the missing values with \`slipway config:set ${app} NAME=VALUE\`, or give a default as \${NAME:-default}; nothing was changed`,
  });
}

/** What the planner needs from the engine about each service's image. */
export async function imageFacts(
  template: Template,
  images: Record<string, string>,
): Promise<Map<string, ImageFacts>> {
  const engine = await docker();
  const out = new Map<string, ImageFacts>();
  for (const s of template.services) {
    const ref = imageRef(s, images);
    const info = await engine
      .getImage(ref)
      .inspect()
      .catch(() => undefined);
    if (!info) throw missingImage(s, ref);
    const exposed = Object.keys(info.Config?.ExposedPorts ?? {}).length
      ? exposedPort(info.Config.ExposedPorts)
      : undefined;
    out.set(s.name, {
      ref,
      id: info.Id,
      exposedPort: exposed,
      slug: info.Config?.Labels?.[SLUG_LABEL] === "1",
    });
  }
  return out;
}

function imageRef(s: ServiceTemplate, images: Record<string, string>): string {
  return s.build !== undefined ? images[normalizeContext(s.build)] : s.image!;
}

function missingImage(s: ServiceTemplate, ref: string): SlipwayError {
  return new SlipwayError("no-image", `service ${s.name} needs image ${ref}, which is not on this host`, {
    hint: "no registry is needed: load it with `slipway images:load < image.tar` (from `docker save`), then deploy again",
  });
}
