import { SlipwayError } from "../errors.js";
import type { Template } from "./template.js";

/**
 * The template a branch preview runs: without the services marked `preview: false`, and without
 * the cron jobs and depends_on entries naming them. It publishes no host ports: the app holds them; pure.
 */
export function previewTemplate(t: Template): Template {
  const out = new Set(t.services.filter((s) => s.preview === false).map((s) => s.name));
  const kept = t.services.filter((s) => !out.has(s.name));
  if (!kept.length || (t.route && out.has(t.route.service)))
    throw new SlipwayError("preview-template", previewRefusal(t, out), {
      hint: "keep the routed service in previews: remove its `preview: false` from slipway.yml",
    });
  return {
    ...t,
    services: kept.map((s) => ({ ...s, publish: {}, dependsOn: s.dependsOn.filter((d) => !out.has(d)) })),
    cron: t.cron.filter((c) => !out.has(c.service)),
  };
}

function previewRefusal(t: Template, out: Set<string>): string {
  const what =
    t.route && out.has(t.route.service) ? `the routed service ${t.route.service}` : "every service";
  return `${t.source} leaves ${what} out of previews (preview: false), so a preview would serve nothing`;
}
