import crypto from "node:crypto";
import { SlipwayError } from "../errors.js";
import { paths } from "./paths.js";
import { readJson, writeJsonAtomic } from "./atomic-write.js";

/** A deployment's config vars. The file is 0600: values are secrets and are never printed by deploys. */
export function loadConfig(app: string): Record<string, string> {
  return readJson<{ vars: Record<string, string> }>(paths.appConfig(app))?.vars ?? {};
}

export function saveConfig(app: string, vars: Record<string, string>): void {
  const sorted = Object.fromEntries(Object.entries(vars).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeJsonAtomic(paths.appConfig(app), { vars: sorted }, 0o600);
}

/** Names plus a hash of the values: what a release records without keeping a copy of the secrets. */
export function configSnapshot(vars: Record<string, string>): { names: string[]; hash: string } {
  const names = Object.keys(vars).sort();
  return { names, hash: hashOf(names.map((n) => [n, vars[n]])) };
}

export function hashOf(value: unknown): string {
  return crypto.createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

/** A config var is an environment variable: letters, digits and _, not starting with a digit. */
export function parseConfigName(raw: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw)) return raw;
  throw new SlipwayError("bad-request", `${JSON.stringify(raw)} is not a config name`, {
    hint: "letters, digits and _, not starting with a digit",
  });
}
