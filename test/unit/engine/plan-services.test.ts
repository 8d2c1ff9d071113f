import { test } from "node:test";
import assert from "node:assert/strict";
import {
  envName,
  planServices,
  type ImageFacts,
  type ServiceSpec,
} from "../../../src/engine/plan-services.js";
import {
  networkName,
  serviceContainerOptions,
  type InstancePlan,
} from "../../../src/engine/service-container.js";
import { loadTemplate } from "../../../src/template/load-template.js";
import type { ServiceTemplate } from "../../../src/template/template.js";

const stack = `
services:
  web:
    build: .
    ports: {http: 5000}
    env: {DB: "postgres://\${POSTGRES_HOST}:\${POSTGRES_PORT}/\${SLIPWAY_DEPLOYMENT}"}
  postgres:
    image: postgres:16
    env: {POSTGRES_PASSWORD: "\${DB_PASS}"}
    volumes: {data: /var/lib/postgresql/data}
`;

const exposed: Record<string, number> = { "postgres:16": 5432, "example/exposes-8080": 8080 };

/** Image facts as the builder/puller would report them: build services get a per-app image. */
function facts(s: ServiceTemplate, tag = "1"): ImageFacts {
  const ref = s.image ?? `slipway/demo-${s.name}:${tag}`;
  return { ref, id: `sha256:${ref}`, exposedPort: exposed[ref] };
}

function plan(
  yaml: string,
  config: Record<string, string> = {},
  opts: { scale?: Record<string, number>; app?: string; tag?: string } = {},
) {
  return planServices({
    app: opts.app ?? "demo",
    template: loadTemplate(yaml),
    config,
    images: (s) => facts(s, opts.tag),
    scale: opts.scale ?? {},
  });
}

const byName = (specs: ServiceSpec[], name: string) => specs.find((s) => s.name === name)!;
const envOf = (specs: ServiceSpec[], name: string) =>
  Object.fromEntries(
    byName(specs, name).env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
  );

test("a build service and an image service get exactly these specs", () => {
  const { specs, problems } = plan(stack, { SECRET: "s3cret", DB_PASS: "hunter2" });
  assert.deepEqual(problems, []);
  const strip = ({ specHash, envHash, ...rest }: ServiceSpec) => (
    assert.match(specHash, /^[0-9a-f]{16}$/),
    assert.match(envHash, /^[0-9a-f]{16}$/),
    rest
  );
  assert.deepEqual(specs.map(strip), [
    {
      name: "web",
      image: "slipway/demo-web:1",
      imageId: "sha256:slipway/demo-web:1",
      cmd: undefined,
      env: [
        "DB=postgres://postgres:5432/demo",
        "DB_PASS=hunter2",
        "PORT=5000",
        "PORT_HTTP=5000",
        "POSTGRES_HOST=postgres",
        "POSTGRES_PORT=5432",
        "SECRET=s3cret",
        "SLIPWAY_DEPLOYMENT=demo",
        "SLIPWAY_SERVICE=web",
      ],
      ports: [{ name: "http", port: 5000 }],
      routePort: 5000,
      volumes: {},
      publish: {},
      memoryBytes: undefined,
      pids: undefined,
      cpu: undefined,
      count: 1,
      built: true,
      health: { kind: "none" },
      strategy: "beside",
    },
    {
      name: "postgres",
      image: "postgres:16",
      imageId: "sha256:postgres:16",
      cmd: undefined,
      // An image service sees only the discovery variables of services it depends on or references.
      env: ["PORT=5432", "POSTGRES_PASSWORD=hunter2", "SLIPWAY_DEPLOYMENT=demo", "SLIPWAY_SERVICE=postgres"],
      ports: [{ name: "", port: 5432 }],
      routePort: 5432,
      volumes: { data: "/var/lib/postgresql/data" },
      publish: {},
      memoryBytes: undefined,
      pids: undefined,
      cpu: undefined,
      count: 1,
      built: false,
      health: { kind: "none" },
      strategy: "replace",
    },
  ]);
});

test("discovery: every other service's NAME_HOST, NAME_PORT (first port) and NAME_PORT_<PORT>, never its own", () => {
  const { specs } = plan(`
services:
  web: {build: ., ports: {http: 8000, admin: assign}}
  worker: {build: .}
  my-cache: {image: example/exposes-8080, ports: [main, replica]}
  db: {image: postgres:16}
`);
  const web = envOf(specs, "web");
  assert.equal(web.WORKER_HOST, "worker");
  assert.equal(web.WORKER_PORT, "5000", "no ports and no EXPOSE: the implicit 5000");
  assert.deepEqual(
    [web.MY_CACHE_HOST, web.MY_CACHE_PORT, web.MY_CACHE_PORT_MAIN, web.MY_CACHE_PORT_REPLICA],
    ["my-cache", "5000", "5000", "5001"],
  );
  assert.deepEqual([web.DB_HOST, web.DB_PORT], ["db", "5432"]);
  assert.equal(Object.keys(web).filter((k) => k.startsWith("WEB_")).length, 0);
  const worker = envOf(specs, "worker");
  assert.deepEqual(
    [worker.WEB_HOST, worker.WEB_PORT, worker.WEB_PORT_HTTP, worker.WEB_PORT_ADMIN],
    ["web", "8000", "8000", "5000"],
  );
  assert.ok(!Object.keys(envOf(specs, "db")).some((k) => k.startsWith("DB_")));
  assert.ok(
    !Object.keys(worker).some((k) => /^(WORKER_|DB_PORT_)/.test(k)),
    "implicit ports have no name, so no NAME_PORT_<PORT>",
  );
  assert.equal(envName("my-cache"), "MY_CACHE");
});

test("PORT and PORT_<NAME> for fixed, assigned, list and implicit ports", () => {
  const { specs } = plan(`
services:
  fixed: {build: ., ports: {http: 8000}}
  mixed: {build: ., ports: {http: assign, admin: 5000, debug: assign}}
  listed: {build: ., ports: [http, admin]}
  implicit: {build: .}
  exposed: {image: example/exposes-8080}
`);
  const portVars = (name: string) =>
    Object.fromEntries(
      Object.entries(envOf(specs, name)).filter(([k]) => k === "PORT" || k.startsWith("PORT_")),
    );
  assert.deepEqual(portVars("fixed"), { PORT: "8000", PORT_HTTP: "8000" });
  assert.deepEqual(portVars("mixed"), {
    PORT: "5001",
    PORT_HTTP: "5001",
    PORT_ADMIN: "5000",
    PORT_DEBUG: "5002",
  });
  assert.deepEqual(portVars("listed"), { PORT: "5000", PORT_HTTP: "5000", PORT_ADMIN: "5001" });
  assert.deepEqual(portVars("implicit"), { PORT: "5000" });
  assert.deepEqual(portVars("exposed"), { PORT: "8080" });
  assert.deepEqual(byName(specs, "exposed").ports, [{ name: "", port: 8080 }]);
});

test("build services get all config; image services only what their env references", () => {
  const config = { DB_PASS: "hunter2", SECRET: "s3cret", UNUSED: "x" };
  const { specs } = plan(stack, config);
  const web = envOf(specs, "web");
  assert.deepEqual([web.DB_PASS, web.SECRET, web.UNUSED], ["hunter2", "s3cret", "x"]);
  const pg = envOf(specs, "postgres");
  assert.equal(pg.POSTGRES_PASSWORD, "hunter2");
  for (const k of Object.keys(config)) assert.ok(!(k in pg), `${k} leaked into the image service`);
});

test("setting config an image service does not reference leaves its spec hash alone", () => {
  const before = plan(stack, { DB_PASS: "p", SECRET: "a" }).specs;
  const after = plan(stack, { DB_PASS: "p", SECRET: "b", NEW: "n" }).specs;
  assert.equal(byName(after, "postgres").specHash, byName(before, "postgres").specHash);
  assert.equal(byName(after, "postgres").envHash, byName(before, "postgres").envHash);
  assert.notEqual(byName(after, "web").envHash, byName(before, "web").envHash);
  assert.notEqual(byName(after, "web").specHash, byName(before, "web").specHash);
  const changedPass = plan(stack, { DB_PASS: "q", SECRET: "a" }).specs;
  assert.notEqual(byName(changedPass, "postgres").envHash, byName(before, "postgres").envHash);
});

test("undefined variables are problems naming service, key and variable; defaults are not", () => {
  const { specs, problems } = plan(`
services:
  web: {build: ., env: {A: "\${MISSING}", B: "\${ALSO_MISSING}-\${MISSING}", C: "\${OPTIONAL:-fallback}", D: "$\${LITERAL}"}}
  db: {image: postgres:16, env: {PASS: "\${DB_PASS}"}}
`);
  assert.deepEqual(problems, [
    { service: "web", message: "env A uses ${MISSING}, which is not set" },
    { service: "web", message: "env B uses ${ALSO_MISSING}, which is not set" },
    { service: "web", message: "env B uses ${MISSING}, which is not set" },
    { service: "db", message: "env PASS uses ${DB_PASS}, which is not set" },
  ]);
  const web = envOf(specs, "web");
  assert.deepEqual([web.C, web.D], ["fallback", "${LITERAL}"]);
});

test("hostile config values reach the env byte for byte and are never expanded", () => {
  const hostile = {
    NEWLINES: "line one\nline two\r\n",
    QUOTES: `it's "quoted" \\ back\\slash`,
    SUBST: "$(touch /tmp/pwned) `id` ${POSTGRES_HOST} $${X} $HOME",
    EQUALS: "a=b=c ==",
    UNICODE: "naïve ☃ \u0000-free \t tab",
    DB_PASS: "p@ss ${SECRET} w0rd",
  };
  const { specs, problems } = plan(stack, hostile);
  assert.deepEqual(problems, []);
  const web = byName(specs, "web").env;
  for (const [k, v] of Object.entries(hostile)) assert.ok(web.includes(`${k}=${v}`), k);
  assert.ok(byName(specs, "postgres").env.includes(`POSTGRES_PASSWORD=${hostile.DB_PASS}`));
});

test("config cannot pretend to be another deployment or service", () => {
  const { specs } = plan(stack, { SLIPWAY_DEPLOYMENT: "prod", SLIPWAY_SERVICE: "admin", DB_PASS: "p" });
  assert.deepEqual(
    [envOf(specs, "web").SLIPWAY_DEPLOYMENT, envOf(specs, "web").SLIPWAY_SERVICE],
    ["demo", "web"],
  );
  assert.equal(byName(specs, "web").env.filter((e) => e.startsWith("SLIPWAY_SERVICE=")).length, 1);
});

test("the spec hash is stable across runs and config order, and ignores scale", () => {
  const a = plan(stack, { DB_PASS: "p", SECRET: "s" }).specs;
  const b = plan(stack, { SECRET: "s", DB_PASS: "p" }).specs;
  const scaled = plan(stack, { DB_PASS: "p", SECRET: "s" }, { scale: { web: 3 } }).specs;
  assert.deepEqual(
    a.map((s) => [s.specHash, s.envHash]),
    b.map((s) => [s.specHash, s.envHash]),
  );
  assert.equal(byName(scaled, "web").count, 3);
  assert.equal(byName(scaled, "web").specHash, byName(a, "web").specHash);
  const rebuilt = plan(stack, { DB_PASS: "p", SECRET: "s" }, { tag: "2" }).specs;
  assert.notEqual(byName(rebuilt, "web").specHash, byName(a, "web").specHash);
  assert.equal(
    byName(rebuilt, "web").envHash,
    byName(a, "web").envHash,
    "a new image alone is not an env change",
  );
  assert.equal(byName(rebuilt, "postgres").specHash, byName(a, "postgres").specHash);
});

test("scale: default one container, zero allowed, negatives clamp to zero", () => {
  const { specs } = plan(stack, { DB_PASS: "p" }, { scale: { web: 0, postgres: -2 } });
  assert.deepEqual(
    specs.map((s) => s.count),
    [0, 0],
  );
  assert.deepEqual(
    plan(stack, { DB_PASS: "p" }, { scale: { other: 4 } }).specs.map((s) => s.count),
    [1, 1],
  );
});

test("volumes or publish make a service replace-in-place; cmd runs through sh; limits pass through", () => {
  const { specs } = plan(`
services:
  web: {build: ., cmd: "bin/server --port $PORT_HTTP", ports: {http: assign}, memory: 256m, cpu: 0.25}
  mail: {image: example/mail, ports: {smtp: 25, sub: 587}, publish: {"25": smtp, "2587": sub}}
  cache: {image: redis:7, volumes: {data: /data}}
`);
  const web = byName(specs, "web");
  assert.deepEqual(
    [web.strategy, web.cmd, web.memoryBytes, web.cpu],
    ["beside", ["/bin/sh", "-c", "bin/server --port $PORT_HTTP"], 256 * 1024 * 1024, 0.25],
  );
  assert.deepEqual(
    [byName(specs, "mail").strategy, byName(specs, "mail").publish],
    ["replace", { "25": 25, "2587": 587 }],
  );
  assert.equal(byName(specs, "cache").strategy, "replace");
});

test("the server's default memory and pids limits apply to services that set none; the template's own win", () => {
  const template = loadTemplate("services:\n  web: {build: ., memory: 1g, pids: 64}\n  worker: {build: .}\n");
  const defaults = { memoryBytes: 512 * 1024 ** 2, pids: 512 };
  const { specs } = planServices({
    app: "demo",
    template,
    config: {},
    images: (s) => facts(s),
    scale: {},
    defaults,
  });
  assert.deepEqual([byName(specs, "web").memoryBytes, byName(specs, "web").pids], [1024 ** 3, 64]);
  assert.deepEqual(
    [byName(specs, "worker").memoryBytes, byName(specs, "worker").pids],
    [512 * 1024 ** 2, 512],
  );
  const without = planServices({
    app: "demo",
    template,
    config: {},
    images: (s) => facts(s),
    scale: {},
  }).specs;
  assert.notEqual(
    byName(specs, "worker").specHash,
    byName(without, "worker").specHash,
    "a new default limit replaces the container",
  );
});

test("a list cmd is the container's argv, with no shell", () => {
  const { specs } = plan('services:\n  web: {build: ., cmd: [bin/server, --port, "$PORT"]}\n');
  assert.deepEqual(byName(specs, "web").cmd, ["bin/server", "--port", "$PORT"]);
});

// serviceContainerOptions turns these specs into the engine's create request; checked here on real planner output.

const instance: InstancePlan = {
  namePrefix: "slipway",
  labels: { "slipway.test": "run-1" },
  app: "demo",
  release: 3,
  index: 2,
  network: networkName("slipway", "demo"),
};
const logConfig = { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } };

test("the create request of a routed build service: name, alias, loopback host port, labels", () => {
  const web = byName(plan(stack, { DB_PASS: "p" }).specs, "web");
  assert.deepEqual(serviceContainerOptions(web, { ...instance, hostPort: 20001 }), {
    name: "slipway-demo.web.3.2",
    Image: "sha256:slipway/demo-web:1",
    Cmd: undefined,
    Env: web.env,
    ExposedPorts: { "5000/tcp": {} },
    Labels: {
      "slipway.test": "run-1",
      "slipway.app": "demo",
      "slipway.service": "web",
      "slipway.release": "3",
      "slipway.spec": web.specHash,
    },
    HostConfig: {
      PortBindings: { "5000/tcp": [{ HostIp: "127.0.0.1", HostPort: "20001" }] },
      RestartPolicy: { Name: "unless-stopped" },
      Binds: [],
      Memory: undefined,
      PidsLimit: undefined,
      NanoCpus: undefined,
      LogConfig: logConfig,
    },
    NetworkingConfig: { EndpointsConfig: { "slipway-demo": { Aliases: ["web"] } } },
  });
});

test("the create request of an image service: volume binds, no host port, image's exposed port", () => {
  const pg = byName(plan(stack, { DB_PASS: "p" }).specs, "postgres");
  const req = serviceContainerOptions(pg, instance);
  assert.equal(req.name, "slipway-demo.postgres.3.2");
  assert.deepEqual(req.ExposedPorts, { "5432/tcp": {} });
  assert.deepEqual(req.HostConfig?.PortBindings, {});
  assert.deepEqual(req.HostConfig?.Binds, ["slipway-demo.data:/var/lib/postgresql/data"]);
  assert.deepEqual(req.NetworkingConfig, { EndpointsConfig: { "slipway-demo": { Aliases: ["postgres"] } } });
});

test("publish binds the public interface, next to the loopback port nginx uses; limits become Memory and NanoCpus", () => {
  const { specs } = plan(`
services:
  mail: {image: example/mail, ports: {smtp: 25, sub: 587}, publish: {"25": smtp, "2587": sub}, memory: 64m, cpu: 0.25, cmd: "exec mail --foreground"}
`);
  const req = serviceContainerOptions(specs[0], { ...instance, hostPort: 20002 });
  assert.deepEqual(req.ExposedPorts, { "25/tcp": {}, "587/tcp": {} });
  assert.deepEqual(req.HostConfig?.PortBindings, {
    "25/tcp": [
      { HostIp: "127.0.0.1", HostPort: "20002" },
      { HostIp: "0.0.0.0", HostPort: "25" },
    ],
    "587/tcp": [{ HostIp: "0.0.0.0", HostPort: "2587" }],
  });
  assert.deepEqual([req.HostConfig?.Memory, req.HostConfig?.NanoCpus], [64 * 1024 * 1024, 250_000_000]);
  assert.deepEqual(req.Cmd, ["/bin/sh", "-c", "exec mail --foreground"]);
});

test("installation labels cannot overwrite the labels Slipway finds its containers by", () => {
  const web = byName(plan(stack, { DB_PASS: "p" }).specs, "web");
  const spoof = {
    "slipway.app": "other-app",
    "slipway.service": "postgres",
    "slipway.release": "999",
    "slipway.spec": "0000000000000000",
    "slipway.test": "run-1",
  };
  const req = serviceContainerOptions(web, { ...instance, labels: spoof });
  assert.deepEqual(req.Labels, {
    "slipway.app": "demo",
    "slipway.service": "web",
    "slipway.release": "3",
    "slipway.spec": web.specHash,
    "slipway.test": "run-1",
  });
});

test("route.port picks the port nginx reaches the routed service on", () => {
  const template = loadTemplate(
    "services:\n  web: {ports: {http: 5000, admin: 5001}}\nroute: {service: web, port: admin}\n",
  );
  const { specs } = planServices({
    app: "demo",
    template,
    config: {},
    images: () => ({ ref: "x", id: "sha256:x" }),
    scale: {},
  });
  assert.equal(specs[0].routePort, 5001);
});
