import { hashOf } from "../state/config.js";
import { DEFAULT_PORT } from "./container-spec.js";
import { healthCheck } from "./health-check.js";
import type { HealthCheck } from "./health-check.js";
import { commandArgv } from "../template/command-argv.js";
import { interpolate, referencedNames } from "../template/interpolate.js";
import type { ServiceTemplate, Template } from "../template/template.js";

/** What the planner needs to know about an image: its id and the port it EXPOSEs, if any. */
export interface ImageFacts {
  ref: string;
  id: string;
  exposedPort?: number;
  /** A slug on a slugrunner image: Procfile types run as `start TYPE`. */
  slug?: boolean;
}

export interface PlanInput {
  app: string;
  template: Template;
  config: Record<string, string>;
  /** For build services: the built image of their context; for image services: the pulled/loaded image. */
  images: (s: ServiceTemplate) => ImageFacts;
  scale: Record<string, number>;
  /** The server's limits for services that set none (settings `defaults`). */
  defaults?: LimitDefaults;
}

export interface LimitDefaults {
  memoryBytes?: number;
  pids?: number;
}

/** One service as it should run; pure data, hashed to tell whether running containers still match. */
export interface ServiceSpec {
  name: string;
  image: string;
  imageId: string;
  cmd?: string[];
  env: string[];
  ports: { name: string; port: number }[];
  volumes: Record<string, string>;
  /** Public host port → container port. */
  publish: Record<string, number>;
  /** The port nginx reaches it on (bound to 127.0.0.1): `route.port` for the routed service, else the first. */
  routePort: number;
  memoryBytes?: number;
  /** Most processes the container may run (PidsLimit). */
  pids?: number;
  cpu?: number;
  count: number;
  /** The gate new containers must pass; not part of the hash, since changing it needs no restart. */
  health: HealthCheck;
  /** Built from the repo (so a new image means "rebuilt"). */
  built: boolean;
  /** Services holding volumes or public ports can't run twice at once, so they are stopped before their replacement starts. */
  strategy: "beside" | "replace";
  specHash: string;
  envHash: string;
}

export interface PlanProblem {
  service: string;
  message: string;
}

/** Turn a template plus config into container specs. Undefined variables are problems, never empty strings. */
export function planServices(input: PlanInput): { specs: ServiceSpec[]; problems: PlanProblem[] } {
  const ports = new Map(input.template.services.map((s) => [s.name, resolvedPorts(s, input.images(s))]));
  const discovery = discoveryVars(input.template, ports);
  const problems: PlanProblem[] = [];
  const specs = input.template.services.map((s) => {
    const image = input.images(s);
    const own = ports.get(s.name)!;
    const env = serviceEnv(s, input, own, discovery, problems);
    return finish({
      name: s.name,
      image: image.ref,
      imageId: image.id,
      cmd: command(s, image),
      env,
      ports: own,
      routePort: routePortOf(input.template, s, own),
      volumes: s.volumes,
      publish: Object.fromEntries(
        Object.entries(s.publish).map(([host, name]) => [host, own.find((p) => p.name === name)!.port]),
      ),
      memoryBytes: s.memoryBytes ?? input.defaults?.memoryBytes,
      pids: s.pids ?? input.defaults?.pids,
      cpu: s.cpu,
      built: s.build !== undefined,
      health: healthCheck(s.health),
      count: Math.max(0, input.scale[s.name] ?? 1),
      strategy: Object.keys(s.volumes).length || Object.keys(s.publish).length ? "replace" : "beside",
    });
  });
  return { specs, problems };
}

function routePortOf(t: Template, s: ServiceTemplate, own: { name: string; port: number }[]): number {
  const named = t.route?.service === s.name ? t.route.port : undefined;
  return (named && own.find((p) => p.name === named)?.port) || own[0].port;
}

function command(s: ServiceTemplate, image: ImageFacts): string[] | undefined {
  if (s.process && image.slug) return ["start", s.process];
  return s.cmd ? commandArgv(s.cmd) : undefined;
}

function finish(spec: Omit<ServiceSpec, "specHash" | "envHash">): ServiceSpec {
  const { count, health, ...identity } = spec; // scaling or a new health check does not change a container
  (void count, void health);
  return { ...spec, specHash: hashOf(identity), envHash: hashOf(spec.env) };
}

/** Declared ports, or the one implicit port: what the image EXPOSEs, else 5000. */
function resolvedPorts(s: ServiceTemplate, image: ImageFacts): { name: string; port: number }[] {
  return s.ports.length ? s.ports : [{ name: "", port: image.exposedPort ?? DEFAULT_PORT }];
}

/** NAME_HOST, NAME_PORT and NAME_PORT_<PORT> for every service: how services find each other. */
function discoveryVars(
  t: Template,
  ports: Map<string, { name: string; port: number }[]>,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const s of t.services) {
    const prefix = envName(s.name);
    const own = ports.get(s.name)!;
    const vars: Record<string, string> = {
      [`${prefix}_HOST`]: s.name,
      [`${prefix}_PORT`]: String(own[0].port),
    };
    for (const p of own) if (p.name) vars[`${prefix}_PORT_${envName(p.name)}`] = String(p.port);
    out[s.name] = vars;
  }
  return out;
}

function serviceEnv(
  s: ServiceTemplate,
  input: PlanInput,
  own: { name: string; port: number }[],
  discovery: Record<string, Record<string, string>>,
  problems: PlanProblem[],
): string[] {
  const others = Object.assign(
    {},
    ...Object.entries(discovery)
      .filter(([n]) => n !== s.name)
      .map(([, v]) => v),
  ) as Record<string, string>;
  const visible = s.build !== undefined ? others : pick(others, discoveryNeeds(s, discovery));
  const slipway = { SLIPWAY_DEPLOYMENT: input.app, SLIPWAY_SERVICE: s.name };
  const portVars = Object.fromEntries([
    ["PORT", String(own[0].port)],
    ...own.filter((p) => p.name).map((p) => [`PORT_${envName(p.name)}`, String(p.port)]),
  ]);
  const scope = { ...input.config, ...others, ...portVars, ...slipway };
  const templated: Record<string, string> = {};
  for (const [k, raw] of Object.entries(s.env)) {
    const { value, missing } = interpolate(raw, scope);
    for (const m of missing)
      problems.push({ service: s.name, message: `env ${k} uses \${${m}}, which is not set` });
    templated[k] = value;
  }
  // Services built from the repo get all config (the Heroku convention); images only what they reference.
  const config = s.build !== undefined ? input.config : {};
  // Ports and identity come last: routing and discovery depend on them, so env cannot override them.
  const all = { ...config, ...visible, ...templated, ...portVars, ...slipway };
  // Plain code-point order, not localeCompare: the spec hash must not change with the system's collation.
  return Object.keys(all)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${k}=${all[k]}`);
}

/**
 * Image services (databases, mostly) see the discovery variables of the services they depend on or
 * reference, not all: adding or removing a service must not restart the database.
 */
function discoveryNeeds(s: ServiceTemplate, discovery: Record<string, Record<string, string>>): string[] {
  const referenced = new Set(Object.values(s.env).flatMap(referencedNames));
  return Object.entries(discovery)
    .filter(([name, vars]) => s.dependsOn.includes(name) || Object.keys(vars).some((v) => referenced.has(v)))
    .flatMap(([, vars]) => Object.keys(vars));
}

function pick(vars: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => Object.hasOwn(vars, n)).map((n) => [n, vars[n]]));
}

/** `my-db` → `MY_DB`: service and port names as env var prefixes. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}
