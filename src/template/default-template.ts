import type { ServiceTemplate, Template } from "./template.js";

/**
 * The template of a repo without slipway.yml: one `web` service built from the repo, plus one
 * service per other Procfile process type (workers: no ports, not routed).
 */
export function defaultTemplate(procfile: Record<string, string>): Template {
  const service = (name: string, cmd?: string): ServiceTemplate => ({
    name,
    build: ".",
    cmd,
    process: cmd === undefined ? undefined : name,
    ports: [],
    env: {},
    volumes: {},
    publish: {},
    dependsOn: [],
  });
  // `release` is Heroku's run-once-per-deploy phase, not a process to keep running.
  const others = Object.entries(procfile).filter(
    ([type]) => type !== "web" && type !== "release" && /^[a-z][a-z0-9-]{0,30}$/.test(type),
  );
  return {
    services: [service("web", procfile.web), ...others.map(([type, cmd]) => service(type, cmd))],
    cron: [],
    // Said in the push output: the build may be a Dockerfile, a detected platform or a pushed image.
    source: Object.keys(procfile).length ? "Procfile" : "the default (no slipway.yml or Procfile)",
  };
}
