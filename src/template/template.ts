/** A parsed, checked slipway.yml (or the one Slipway derives from a Procfile or Dockerfile). */
export interface Template {
  /** In start order: every service comes after the ones it depends on. */
  services: ServiceTemplate[];
  route?: { service: string; port?: string };
  cron: CronJob[];
  /** Where it came from, for messages: slipway.yml, Procfile, Dockerfile or a file name. */
  source: string;
}

export interface ServiceTemplate {
  name: string;
  /** Build context inside the repository; absent for image services. */
  build?: string;
  image?: string;
  /** A string runs through /bin/sh -c, a list is the argv; absent means the image's own command. */
  cmd?: string | string[];
  /** Procfile process type this service came from, so slug images can run `start TYPE`. */
  process?: string;
  /** Named ports; `assign` is resolved to a number when the template is loaded. Empty: one implicit port. */
  ports: { name: string; port: number }[];
  env: Record<string, string>;
  health?: HealthSpec;
  memoryBytes?: number;
  /** Process limit; absent means the server's default. */
  pids?: number;
  cpu?: number;
  volumes: Record<string, string>;
  /** Host port (public interface) → port name. */
  publish: Record<string, string>;
  dependsOn: string[];
  /** `preview: false`: branch previews run without this service. Absent otherwise. */
  preview?: false;
  /** argv whose stdout is the service's dump (`backup: {cmd}`); its volumes are then not copied. */
  backup?: string[];
  /** argv that reads a dump on stdin (`restore: {cmd}`). */
  restore?: string[];
}

export interface HealthSpec {
  path?: string;
  port?: string;
  tcp?: boolean;
  /** argv; a string in slipway.yml becomes ["/bin/sh", "-c", it]. */
  cmd?: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
}

export interface CronJob {
  id: string;
  schedule: string;
  service: string;
  /** A string runs through /bin/sh -c, a list is the argv. */
  run: string | string[];
}

/** The port nginx routes to when a template names none: the web service's first one. */
export function routedService(t: Template): string | undefined {
  if (t.route) return t.route.service;
  return t.services.some((s) => s.name === "web") ? "web" : undefined;
}
