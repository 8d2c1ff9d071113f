import { test } from "node:test";
import assert from "node:assert/strict";
import { planServices } from "../../../src/engine/plan-services.js";
import {
  chooseStdin,
  oneOffContainerOptions,
  type OneOffPlan,
} from "../../../src/engine/one-off-container.js";
import { commandArgv } from "../../../src/template/command-argv.js";
import { loadTemplate } from "../../../src/template/load-template.js";

const yaml = `
services:
  web:
    build: .
    ports: {http: 5000}
    publish: {"8080": http}
    memory: 256m
    env: {STORE: "\${STORE_HOST}:\${STORE_PORT}"}
  store:
    image: kv:1
    ports: {kv: 6379}
    volumes: {data: /data}
cron:
  - {id: sweep, schedule: "*/5 * * * *", service: store, run: "rm -f /data/tmp-* && echo swept"}
`;

const template = loadTemplate(yaml);
const { specs } = planServices({
  app: "demo",
  template,
  config: { SECRET: "s" },
  images: (s) => ({ ref: s.image ?? "slipway/demo-web:3", id: `sha256:${s.name}` }),
  scale: {},
});
const spec = (name: string) => specs.find((s) => s.name === name)!;
const plan: OneOffPlan = {
  namePrefix: "slipway",
  labels: { "slipway.test-run": "x" },
  app: "demo",
  kind: "run",
  suffix: "a1b2c3",
  network: "slipway-demo",
  cmd: ["env"],
  stdin: "none",
};

test("a one-off of a service has its image, env, volumes and network, but no ports and no restart", () => {
  const web = spec("web");
  assert.deepEqual(oneOffContainerOptions(web, plan), {
    name: "slipway-demo.web.run-a1b2c3",
    Image: "sha256:web",
    Cmd: ["env"],
    Env: web.env,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Labels: {
      "slipway.test-run": "x",
      "slipway.app": "demo",
      "slipway.service": "web",
      "slipway.oneoff": "run",
    },
    HostConfig: {
      AutoRemove: true,
      RestartPolicy: { Name: "no" },
      Binds: [],
      Memory: 256 * 1024 * 1024,
      PidsLimit: undefined,
      NanoCpus: undefined,
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } },
    },
    NetworkingConfig: { EndpointsConfig: { "slipway-demo": {} } },
  });
  assert.ok(
    web.env.includes("STORE=store:6379") && web.env.includes("SECRET=s"),
    "config and discovery env, as the service has",
  );
});

test("a cron one-off runs its string through /bin/sh, mounts the service's volumes and names its job", () => {
  const job = template.cron[0];
  const opts = oneOffContainerOptions(spec("store"), {
    ...plan,
    kind: "cron",
    cmd: commandArgv(job.run),
    extraLabels: { "slipway.cron": job.id },
  });
  assert.deepEqual(opts.Cmd, ["/bin/sh", "-c", "rm -f /data/tmp-* && echo swept"]);
  assert.deepEqual(opts.HostConfig!.Binds, ["slipway-demo.data:/data"]);
  assert.equal(opts.Labels!["slipway.oneoff"], "cron");
  assert.equal(opts.Labels!["slipway.cron"], "sweep");
  assert.equal(opts.HostConfig!.PortBindings, undefined);
  assert.equal(opts.ExposedPorts, undefined);
});

test("an app's own labels cannot be overridden by the installation's", () => {
  const opts = oneOffContainerOptions(spec("web"), {
    ...plan,
    labels: { "slipway.app": "other", "slipway.oneoff": "no" },
  });
  assert.equal(opts.Labels!["slipway.app"], "demo");
  assert.equal(opts.Labels!["slipway.oneoff"], "run");
});

test("-t asks for a terminal and an open stdin", () => {
  const opts = oneOffContainerOptions(spec("web"), { ...plan, stdin: "tty", cmd: ["sh"] });
  assert.deepEqual([opts.Tty, opts.OpenStdin, opts.StdinOnce, opts.AttachStdin], [true, true, true, true]);
});

test("piped input opens stdin without a terminal, and its end closes the command's stdin", () => {
  const opts = oneOffContainerOptions(spec("web"), { ...plan, stdin: "pipe", cmd: ["psql"] });
  assert.deepEqual([opts.Tty, opts.OpenStdin, opts.StdinOnce, opts.AttachStdin], [false, true, true, true]);
});

test("stdin is passed like docker run's: -t gives a terminal, a pipe or file is piped, a bare terminal is not read", () => {
  assert.equal(chooseStdin(true, true), "tty");
  // -t with no terminal to give (ssh without -t): piped, so `run app -t sh </dev/null` ends.
  assert.equal(chooseStdin(true, false), "pipe");
  assert.equal(chooseStdin(false, false), "pipe");
  assert.equal(chooseStdin(false, true), "none");
});
