import type { Release } from "../state/app-state.js";

/** `--json` on commands that make a release: what scripts need, on stdout (progress stays on stderr). */
export function printReleaseJson(
  app: string,
  release: Release | undefined,
  extra: Record<string, unknown> = {},
): void {
  const entries = Object.entries(release?.services ?? {});
  const services = Object.fromEntries(entries.map(([name, s]) => [name, s.containers.map((c) => c.name)]));
  const out = { app, ...extra, release: release?.number ?? null, cause: release?.cause ?? null, services };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}
