import type { ServiceTemplate, Template } from "./template.js";
import type { TemplateIssue } from "./validate.js";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- already schema-checked

/** The cross-reference checks the schema can't express: names that must exist, clashes, start order. */
export function checkServices(raw: Raw, services: ServiceTemplate[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const s of services) {
    const r = raw.services[s.name] as Raw;
    if (r.build !== undefined && r.image !== undefined)
      issues.push({ path: ["services", s.name, "image"], message: "give build or image, not both" });
    if (Array.isArray(r.ports)) {
      (r.ports as string[]).forEach(
        (n, i) =>
          r.ports.indexOf(n) !== i &&
          issues.push({ path: ["services", s.name, "ports", i], message: `duplicate port name "${n}"` }),
      );
    }
    const mounts = new Map<string, string>();
    for (const [vol, dir] of Object.entries(s.volumes)) {
      if (mounts.has(dir))
        issues.push({
          path: ["services", s.name, "volumes", vol],
          message: `path ${dir} is already used by volume "${mounts.get(dir)}"`,
        });
      mounts.set(dir, vol);
    }
    const seen = new Map<number, string>();
    for (const p of s.ports) {
      if (seen.has(p.port))
        issues.push({
          path: ["services", s.name, "ports", p.name],
          message: `port ${p.port} is already used by port "${seen.get(p.port)}"`,
        });
      seen.set(p.port, p.name);
    }
    if (s.health?.port && !s.ports.some((p) => p.name === s.health!.port))
      issues.push({
        path: ["services", s.name, "health", "port"],
        message: `no port named "${s.health.port}" in services.${s.name}.ports`,
      });
    const kinds = [s.health?.path, s.health?.tcp, s.health?.cmd].filter(
      (k) => k !== undefined && k !== false,
    ).length;
    if (kinds > 1)
      issues.push({ path: ["services", s.name, "health"], message: "give one of path, tcp or cmd" });
  }
  return issues;
}

export function checkRefs(t: Template): TemplateIssue[] {
  const names = new Set(t.services.map((s) => s.name));
  const issues: TemplateIssue[] = [];
  const unknown = (path: (string | number)[], name: string) =>
    issues.push({ path, message: `no service named "${name}"; services are: ${[...names].join(", ")}` });
  for (const s of t.services)
    s.dependsOn.forEach((d, i) =>
      names.has(d)
        ? d === s.name &&
          issues.push({
            path: ["services", s.name, "depends_on", i],
            message: "a service cannot depend on itself",
          })
        : unknown(["services", s.name, "depends_on", i], d),
    );
  t.cron.forEach((c, i) => names.has(c.service) || unknown(["cron", i, "service"], c.service));
  const ids = new Set<string>();
  t.cron.forEach((c, i) =>
    ids.has(c.id)
      ? issues.push({ path: ["cron", i, "id"], message: `duplicate cron id "${c.id}"` })
      : ids.add(c.id),
  );
  if (t.route) {
    const svc = t.services.find((s) => s.name === t.route!.service);
    if (!svc) unknown(["route", "service"], t.route.service);
    else if (t.route.port && !svc.ports.some((p) => p.name === t.route!.port))
      issues.push({
        path: ["route", "port"],
        message: `services.${svc.name} has no port named "${t.route.port}"`,
      });
  }
  return issues;
}

export function checkPublish(services: ServiceTemplate[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const hostPorts = new Map<string, string>();
  for (const s of services) {
    for (const [host, portName] of Object.entries(s.publish)) {
      const path = ["services", s.name, "publish", host];
      if (!s.ports.some((p) => p.name === portName))
        issues.push({ path, message: `no port named "${portName}" in services.${s.name}.ports` });
      if (hostPorts.has(host))
        issues.push({
          path,
          atKey: true,
          message: `host port ${host} is already published by services.${hostPorts.get(host)}`,
        });
      hostPorts.set(host, s.name);
    }
  }
  return issues;
}

/** At most one run a minute: a sixth field is croner's seconds. */
export function checkCronMinutes(t: Template): TemplateIssue[] {
  const message =
    "has a seconds field; a job runs at most once a minute, so give 5 fields (minute hour day month weekday)";
  return t.cron.flatMap((c, i) =>
    c.schedule.split(/\s+/).length > 5 ? [{ path: ["cron", i, "schedule"], message }] : [],
  );
}

/** Dependencies first; a cycle is an issue and leaves the written order. */
export function startOrder(services: ServiceTemplate[], issues: TemplateIssue[]): ServiceTemplate[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const done = new Set<string>();
  const out: ServiceTemplate[] = [];
  const visit = (s: ServiceTemplate, trail: string[]): void => {
    if (done.has(s.name)) return;
    if (trail.includes(s.name)) {
      issues.push({
        path: ["services", s.name, "depends_on"],
        message: `dependency cycle: ${[...trail.slice(trail.indexOf(s.name)), s.name].join(" → ")}`,
      });
      return;
    }
    for (const d of s.dependsOn) if (byName.has(d) && d !== s.name) visit(byName.get(d)!, [...trail, s.name]);
    if (!done.has(s.name)) (done.add(s.name), out.push(s));
  };
  for (const s of services) visit(s, []);
  return out;
}
