import type { Template } from "./template.js";

/** Same services, route and cron, whatever file they came from and in whatever key order. */
export function sameTemplate(a: Template, b: Template): boolean {
  return canonical({ ...a, source: "" }) === canonical({ ...b, source: "" });
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v));
}
