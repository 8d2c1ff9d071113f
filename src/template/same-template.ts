import crypto from "node:crypto";
import type { Template } from "./template.js";

/** Same services, route and cron, whatever file they came from and in whatever key order. */
export function sameTemplate(a: Template, b: Template): boolean {
  return canonical(a) === canonical(b);
}

/** A short name for what a template runs: equal for templates that sameTemplate calls equal. */
export function templateHash(t: Template): string {
  return crypto.createHash("sha256").update(canonical(t)).digest("hex").slice(0, 16);
}

function canonical(t: Template): string {
  return JSON.stringify({ ...t, source: "" }, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}
