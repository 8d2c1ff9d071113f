import yaml from "js-yaml";
import { SlipwayError } from "../errors.js";
import { loadBoundedYaml } from "./parse-limits.js";

/**
 * The template document with one service replaced or added, as YAML text, so the usual loader
 * checks the whole result and reports positions and key paths in it. Other services are kept as written.
 */
export function setService(doc: string | undefined, service: string, spec: unknown): string {
  const base = doc === undefined ? {} : loadBoundedYaml(doc);
  if (typeof base !== "object" || base === null || Array.isArray(base)) {
    throw new SlipwayError("bad-template", "the stored template is not a map", {
      hint: "deploy a whole template once: slipway deploy stack.yml NAME",
    });
  }
  const root = base as Record<string, unknown>;
  const services =
    typeof root.services === "object" && root.services !== null
      ? (root.services as Record<string, unknown>)
      : {};
  return yaml.dump({ ...root, services: { ...services, [service]: spec } }, { lineWidth: -1, noRefs: true });
}
