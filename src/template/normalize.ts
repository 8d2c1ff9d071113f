import type { HealthSpec, ServiceTemplate, Template } from "./template.js";
import { commandArgv } from "./command-argv.js";
import { parseDuration, parseSize } from "./sizes.js";
import type { TemplateIssue } from "./validate.js";
import { checkCronMinutes, checkPublish, checkRefs, checkServices, startOrder } from "./check-references.js";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- already schema-checked

export const FIRST_ASSIGNED_PORT = 5000;

export interface NormalizeOptions {
  /** Accept a seconds field in cron schedules (settings `cronSeconds`; the tests use it). */
  cronSeconds?: boolean;
}

/** Turn a schema-valid document into a Template, collecting the cross-reference errors the schema can't see. */
export function normalizeTemplate(
  raw: Raw,
  source: string,
  options: NormalizeOptions = {},
): { template: Template; issues: TemplateIssue[] } {
  const services = Object.entries(raw.services as Raw).map(([name, s]) => toService(name, s as Raw));
  const template: Template = {
    services,
    route: raw.route ? { service: raw.route.service ?? "web", port: raw.route.port } : undefined,
    cron: ((raw.cron ?? []) as Raw[]).map((c, i) => ({
      id: c.id ?? String(i + 1),
      schedule: String(c.schedule).trim(),
      service: c.service,
      run: c.run,
    })),
    source,
  };
  const issues = [...checkServices(raw, services), ...checkRefs(template), ...checkPublish(services)];
  if (!options.cronSeconds) issues.push(...checkCronMinutes(template));
  const ordered = startOrder(services, issues);
  return { template: { ...template, services: ordered }, issues };
}

function toService(name: string, s: Raw): ServiceTemplate {
  return {
    name,
    build: s.image ? s.build : (s.build ?? "."),
    image: s.image,
    cmd: s.cmd,
    ports: withPublished(resolvePorts(s.ports), s.publish),
    env: Object.fromEntries(Object.entries((s.env ?? {}) as Raw).map(([k, v]) => [k, String(v)])),
    health: toHealth(s.health),
    memoryBytes: parseSize(s.memory),
    pids: s.pids,
    cpu: s.cpu,
    volumes: { ...(s.volumes ?? {}) },
    publish: { ...(s.publish ?? {}) },
    dependsOn: [...(s.depends_on ?? [])],
    ...(s.preview === false ? { preview: false as const } : {}),
    ...(s.backup ? { backup: commandArgv(s.backup.cmd) } : {}),
    ...(s.restore ? { restore: commandArgv(s.restore.cmd) } : {}),
  };
}

/** Fixed ports keep their numbers; `assign` and list entries take the next free one from 5000. */
function resolvePorts(ports: unknown): { name: string; port: number }[] {
  if (ports === undefined) return [];
  const entries: [string, number | "assign"][] = Array.isArray(ports)
    ? ports.map((n: string) => [n, "assign"])
    : Object.entries(ports as Raw);
  const taken = new Set(entries.map(([, p]) => p).filter((p): p is number => typeof p === "number"));
  let next = FIRST_ASSIGNED_PORT;
  return entries.map(([name, p]) => {
    if (typeof p === "number") return { name, port: p };
    while (taken.has(next)) next++;
    taken.add(next);
    return { name, port: next };
  });
}

/**
 * `publish: {"25": smtp}` in a service that declares no ports means the container listens on 25
 * too. Where ports are declared, a name not among them is a typo and is reported.
 */
function withPublished(
  ports: { name: string; port: number }[],
  publish: unknown,
): { name: string; port: number }[] {
  if (ports.length) return ports;
  const out = [...ports];
  for (const [host, name] of Object.entries((publish ?? {}) as Record<string, unknown>)) {
    if (typeof name === "string" && !out.some((p) => p.name === name)) out.push({ name, port: Number(host) });
  }
  return out;
}

function toHealth(h: unknown): HealthSpec | undefined {
  if (h === undefined) return undefined;
  if (typeof h === "string") return { path: h };
  const r = h as Raw;
  const cmd = r.cmd === undefined ? undefined : commandArgv(r.cmd);
  return {
    path: r.path,
    port: r.port,
    tcp: r.tcp,
    cmd,
    intervalMs: parseDuration(r.interval),
    timeoutMs: parseDuration(r.timeout),
    retries: r.retries,
  };
}
