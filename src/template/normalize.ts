import type { HealthSpec, ServiceTemplate, Template } from "./template.js";
import { commandArgv } from "./command-argv.js";
import { parseDuration, parseSize } from "./sizes.js";
import type { TemplateIssue } from "./validate.js";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- already schema-checked

export const FIRST_ASSIGNED_PORT = 5000;

export interface NormalizeOptions {
  /** Accept a seconds field in cron schedules (settings `cronSeconds`; the tests use it). */
  cronSeconds?: boolean;
}

/** Turn a schema-valid document into a Template, collecting the cross-reference errors the schema can't see. */
export function normalizeTemplate(raw: Raw, source: string, options: NormalizeOptions = {}): { template: Template; issues: TemplateIssue[] } {
  const services = Object.entries(raw.services as Raw).map(([name, s]) => toService(name, s as Raw));
  const template: Template = {
    services,
    route: raw.route ? { service: raw.route.service ?? "web", port: raw.route.port } : undefined,
    cron: ((raw.cron ?? []) as Raw[]).map((c, i) => ({ id: c.id ?? String(i + 1), schedule: String(c.schedule).trim(), service: c.service, run: c.run })),
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
  };
}

/** Fixed ports keep their numbers; `assign` and list entries take the next free one from 5000. */
function resolvePorts(ports: unknown): { name: string; port: number }[] {
  if (ports === undefined) return [];
  const entries: [string, number | "assign"][] = Array.isArray(ports) ? ports.map((n: string) => [n, "assign"]) : Object.entries(ports as Raw);
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
function withPublished(ports: { name: string; port: number }[], publish: unknown): { name: string; port: number }[] {
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
  return { path: r.path, port: r.port, tcp: r.tcp, cmd, intervalMs: parseDuration(r.interval), timeoutMs: parseDuration(r.timeout), retries: r.retries };
}

function checkServices(raw: Raw, services: ServiceTemplate[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const s of services) {
    const r = raw.services[s.name] as Raw;
    if (r.build !== undefined && r.image !== undefined) issues.push({ path: ["services", s.name, "image"], message: "give build or image, not both" });
    if (Array.isArray(r.ports)) {
      (r.ports as string[]).forEach((n, i) => r.ports.indexOf(n) !== i && issues.push({ path: ["services", s.name, "ports", i], message: `duplicate port name "${n}"` }));
    }
    const mounts = new Map<string, string>();
    for (const [vol, dir] of Object.entries(s.volumes)) {
      if (mounts.has(dir)) issues.push({ path: ["services", s.name, "volumes", vol], message: `path ${dir} is already used by volume "${mounts.get(dir)}"` });
      mounts.set(dir, vol);
    }
    const seen = new Map<number, string>();
    for (const p of s.ports) {
      if (seen.has(p.port)) issues.push({ path: ["services", s.name, "ports", p.name], message: `port ${p.port} is already used by port "${seen.get(p.port)}"` });
      seen.set(p.port, p.name);
    }
    if (s.health?.port && !s.ports.some((p) => p.name === s.health!.port)) issues.push({ path: ["services", s.name, "health", "port"], message: `no port named "${s.health.port}" in services.${s.name}.ports` });
    const kinds = [s.health?.path, s.health?.tcp, s.health?.cmd].filter((k) => k !== undefined && k !== false).length;
    if (kinds > 1) issues.push({ path: ["services", s.name, "health"], message: "give one of path, tcp or cmd" });
  }
  return issues;
}

function checkRefs(t: Template): TemplateIssue[] {
  const names = new Set(t.services.map((s) => s.name));
  const issues: TemplateIssue[] = [];
  const unknown = (path: (string | number)[], name: string) => issues.push({ path, message: `no service named "${name}"; services are: ${[...names].join(", ")}` });
  for (const s of t.services) s.dependsOn.forEach((d, i) => (names.has(d) ? d === s.name && issues.push({ path: ["services", s.name, "depends_on", i], message: "a service cannot depend on itself" }) : unknown(["services", s.name, "depends_on", i], d)));
  t.cron.forEach((c, i) => names.has(c.service) || unknown(["cron", i, "service"], c.service));
  const ids = new Set<string>();
  t.cron.forEach((c, i) => (ids.has(c.id) ? issues.push({ path: ["cron", i, "id"], message: `duplicate cron id "${c.id}"` }) : ids.add(c.id)));
  if (t.route) {
    const svc = t.services.find((s) => s.name === t.route!.service);
    if (!svc) unknown(["route", "service"], t.route.service);
    else if (t.route.port && !svc.ports.some((p) => p.name === t.route!.port)) issues.push({ path: ["route", "port"], message: `services.${svc.name} has no port named "${t.route.port}"` });
  }
  return issues;
}

function checkPublish(services: ServiceTemplate[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const hostPorts = new Map<string, string>();
  for (const s of services) {
    for (const [host, portName] of Object.entries(s.publish)) {
      const path = ["services", s.name, "publish", host];
      if (!s.ports.some((p) => p.name === portName)) issues.push({ path, message: `no port named "${portName}" in services.${s.name}.ports` });
      if (hostPorts.has(host)) issues.push({ path, atKey: true, message: `host port ${host} is already published by services.${hostPorts.get(host)}` });
      hostPorts.set(host, s.name);
    }
  }
  return issues;
}

/** At most one run a minute: a sixth field is croner's seconds. */
function checkCronMinutes(t: Template): TemplateIssue[] {
  const message = "has a seconds field; a job runs at most once a minute, so give 5 fields (minute hour day month weekday)";
  return t.cron.flatMap((c, i) => (c.schedule.split(/\s+/).length > 5 ? [{ path: ["cron", i, "schedule"], message }] : []));
}

/** Dependencies first; a cycle is an issue and leaves the written order. */
function startOrder(services: ServiceTemplate[], issues: TemplateIssue[]): ServiceTemplate[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const done = new Set<string>();
  const out: ServiceTemplate[] = [];
  const visit = (s: ServiceTemplate, trail: string[]): void => {
    if (done.has(s.name)) return;
    if (trail.includes(s.name)) {
      issues.push({ path: ["services", s.name, "depends_on"], message: `dependency cycle: ${[...trail.slice(trail.indexOf(s.name)), s.name].join(" → ")}` });
      return;
    }
    for (const d of s.dependsOn) if (byName.has(d) && d !== s.name) visit(byName.get(d)!, [...trail, s.name]);
    if (!done.has(s.name)) (done.add(s.name), out.push(s));
  };
  for (const s of services) visit(s, []);
  return out;
}
